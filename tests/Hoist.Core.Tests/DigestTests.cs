using System.Text;
using Hoist.Core.Errors;
using Hoist.Core.Storage;

namespace Hoist.Core.Tests;

public sealed class DigestTests
{
    [Fact]
    public void Of_KnownInput_GivesSha256()
    {
        var digest = Digest.Of(Encoding.ASCII.GetBytes("abc"));

        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", digest.ToString());
        Assert.Equal("ba7816bf8f01", digest.Short);
    }

    [Fact]
    public void Parse_RoundTrips()
    {
        var text = "sha256:" + new string('a', 64);

        Assert.Equal(text, Digest.Parse(text).ToString());
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("md5:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")]
    [InlineData("sha256:zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void Parse_Malformed_ThrowsInvalidArgument(string text)
    {
        var error = Assert.Throws<HoistException>(() => Digest.Parse(text, "layer digest"));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("layer digest", error.Message);
    }

    [Fact]
    public void Matches_Prefix_TrueOnlyForLongEnoughPrefixes()
    {
        var digest = Digest.Of([1, 2, 3]);

        Assert.True(digest.Matches(digest.Hex[..6]));
        Assert.True(digest.Matches("sha256:" + digest.Hex[..12]));
        Assert.False(digest.Matches(digest.Hex[..3]));
        Assert.False(digest.Matches("ffff" == digest.Hex[..4] ? "0000" : "ffff"));
    }

    [Fact]
    public async Task DigestingStream_HashesWhatPassesThrough()
    {
        var data = Encoding.ASCII.GetBytes("hello, layer");
        using var sink = new MemoryStream();
        await using (var stream = new DigestingStream(sink, leaveOpen: true))
        {
            await stream.WriteAsync(data.AsMemory(0, 5));
            stream.Write(data.AsSpan(5));
            Assert.Equal(Digest.Of(data), stream.CurrentDigest());
            Assert.Equal(data.Length, stream.BytesWritten);
        }

        Assert.Equal(data, sink.ToArray());
    }
}
