using Hoist.Library.Images;
using Hoist.Linux;
using Hoist.Testing;

namespace Hoist.Library.Tests.Images;

public sealed class TreeDigestTests
{
    [Fact]
    public async Task ComputeAsync_DirectoryThatOnceHeldManyNames_SameDigestAsAFreshCopy()
    {
        using var temp = new TempDirectory("tree-digest");
        var grown = temp.Combine("grown");
        var fresh = temp.Combine("fresh");
        foreach (var root in new[] { grown, fresh })
        {
            Directory.CreateDirectory(Path.Combine(root, "etc"));
            File.WriteAllText(Path.Combine(root, "etc", "hostname"), "host\n");
        }

        // ext4 grows a directory's own size with its names and never shrinks it.
        for (var i = 0; i < 500; i++)
        {
            File.WriteAllText(Path.Combine(grown, "etc", $"name-with-some-length-{i}"), string.Empty);
        }

        for (var i = 0; i < 500; i++)
        {
            File.Delete(Path.Combine(grown, "etc", $"name-with-some-length-{i}"));
        }

        foreach (var path in new[] { "etc/hostname", "etc", string.Empty })
        {
            var time = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(Path.Combine(grown, path), time);
            File.SetLastWriteTimeUtc(Path.Combine(fresh, path), time);
        }

        Assert.NotEqual(LinuxFiles.LStat(Path.Combine(fresh, "etc")).Size, LinuxFiles.LStat(Path.Combine(grown, "etc")).Size);
        var a = await TreeDigest.ComputeAsync(grown, CancellationToken.None);
        var b = await TreeDigest.ComputeAsync(fresh, CancellationToken.None);

        Assert.Equal(b.Digest, a.Digest);
    }

    [Fact]
    public async Task ComputeAsync_FileContentChanges_DigestChanges()
    {
        using var temp = new TempDirectory("tree-digest");
        File.WriteAllText(temp.Combine("a"), "one");
        var before = await TreeDigest.ComputeAsync(temp.Path, CancellationToken.None);
        var time = File.GetLastWriteTimeUtc(temp.Combine("a"));

        File.WriteAllText(temp.Combine("a"), "two");
        File.SetLastWriteTimeUtc(temp.Combine("a"), time);

        Assert.NotEqual(before.Digest, (await TreeDigest.ComputeAsync(temp.Path, CancellationToken.None)).Digest);
    }
}
