using System.Security.Cryptography;
using Hoist.Core.Hashing;

namespace Hoist.Core.Tests;

public sealed class ManagedSha256Tests
{
    [Fact]
    public void HashData_KnownVectors_MatchFips180()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(ManagedSha256.HashData([])));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(ManagedSha256.HashData("abc"u8)));
        Assert.Equal(
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            Convert.ToHexStringLower(ManagedSha256.HashData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"u8)));
    }

    [Fact]
    public void HashData_EveryLengthAroundBlockEdges_MatchesSha256()
    {
        var random = new Random(42);
        for (var length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(SHA256.HashData(data), ManagedSha256.HashData(data));
        }
    }
}
