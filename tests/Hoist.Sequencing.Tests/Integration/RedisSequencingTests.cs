using Hoist.Packaging.Compatibility;
using Hoist.Packaging.Files;
using Hoist.Packaging.Layers;

namespace Hoist.Sequencing.Tests.Integration;

/// <summary>redis-server from Debian, sequenced on the real bookworm image.</summary>
public sealed class RedisSequencingTests(RedisPackage redis) : IClassFixture<RedisPackage>
{
    private Packaging.Manifests.PackageManifest Manifest => redis.Result.Manifest;

    [Fact]
    public void Service_RunsRedisServerAsUserRedis()
    {
        var service = Assert.Single(Manifest.Services);

        Assert.Equal("redis-server", service.Name);
        Assert.Equal("/usr/bin/redis-server", service.Exec[0]);
        Assert.Equal("redis", service.User);
        Assert.Equal(["/run/redis"], service.RuntimeDirectories);
    }

    [Fact]
    public void Service_ReadBackFromTheLibrary_KeepsItsEmptyCapabilitySet()
    {
        using var package = PackageFile.Open(redis.Result.Package.Path);

        var capabilities = Assert.Single(package.Manifest.Services).Capabilities;

        Assert.NotNull(capabilities);
        Assert.Empty(capabilities!);
    }

    [Fact]
    public void Service_ListensOnPort6379()
    {
        var port = Assert.Single(Assert.Single(Manifest.Services).Ports);

        Assert.Equal((6379, "tcp"), (port.Port, port.Protocol));
        Assert.Contains("127.0.0.1", port.Addresses);
    }

    [Fact]
    public void StatePaths_IncludeVarLibRedis()
    {
        Assert.Contains("/var/lib/redis", Manifest.StatePaths);
        Assert.Contains("/var/log/redis", Manifest.StatePaths);
    }

    [Fact]
    public void Parameters_PortSetsTheRedisConfLine()
    {
        var port = Assert.Single(Manifest.Parameters, p => p.Name == "port");

        Assert.Equal("6379", port.Default);
        var target = Assert.Single(port.Targets);
        Assert.Equal(("/etc/redis/redis.conf", "port {value}"), (target.File, target.Line));
    }

    [Fact]
    public void Users_RedisWithItsHomeAndGroup()
    {
        var user = Assert.Single(Manifest.Users);
        var group = Assert.Single(Manifest.Groups, g => g.Name == "redis");

        Assert.Equal(("redis", "/var/lib/redis"), (user.Name, user.Home));
        Assert.Equal(group.Gid, user.Gid);
    }

    [Fact]
    public void BillOfMaterials_ListsRedisServer()
    {
        var entry = Assert.Single(Manifest.BillOfMaterials, b => b.Name == "redis-server");

        Assert.StartsWith("5:7.0", entry.Version);
        Assert.Contains(Manifest.BillOfMaterials, b => b.Name == "libjemalloc2");
    }

    [Fact]
    public void Layer_CarriesTheAppAndNothingOfTheOsOrTheCapture()
    {
        Assert.Contains("usr/bin/redis-server", redis.Layer.Keys);
        Assert.Contains("etc/redis/redis.conf", redis.Layer.Keys);
        Assert.Equal(LayerEntryKind.Directory, redis.Layer["var/lib/redis"].Kind);
        Assert.DoesNotContain(redis.Layer.Keys, p => p.StartsWith("var/lib/dpkg", StringComparison.Ordinal));
        Assert.DoesNotContain(redis.Layer.Keys, p => p.StartsWith("var/cache/apt", StringComparison.Ordinal));
        Assert.DoesNotContain(redis.Layer.Keys, p => p.StartsWith("var/lib/apt", StringComparison.Ordinal));
        Assert.DoesNotContain(redis.Layer.Keys, p => p is "etc/passwd" or "etc/group" or "etc/shadow" or "etc/ld.so.cache" or "etc/resolv.conf");
        Assert.DoesNotContain(redis.Layer.Keys, p => p.StartsWith("tmp/", StringComparison.Ordinal) || p.StartsWith("run/", StringComparison.Ordinal));
        Assert.DoesNotContain(redis.Layer.Keys, p => p.StartsWith("etc/rc", StringComparison.Ordinal) && p.Contains(".d/", StringComparison.Ordinal));
    }

    [Fact]
    public void Layer_FilesKeepOwnerAndMode()
    {
        var dataDirectory = redis.Layer["var/lib/redis"];
        var redisUser = Manifest.Users.Single(u => u.Name == "redis");

        Assert.Equal(redisUser.Uid, dataDirectory.Uid);
        Assert.Equal(Convert.ToUInt32("750", 8), dataDirectory.Mode);
        var server = redis.Layer["usr/bin/redis-server"];
        var program = server.Kind == LayerEntryKind.Symlink ? redis.Layer["usr/bin/" + server.LinkTarget] : server;
        Assert.Equal((LayerEntryKind.File, Convert.ToUInt32("755", 8), 0u), (program.Kind, program.Mode, program.Uid));
    }

    [Fact]
    public void Requirements_NeedHostLibcButNotCarriedLibraries()
    {
        var requires = Manifest.Requires;

        Assert.Equal("amd64", requires.Architecture);
        Assert.True(Packaging.Elf.GlibcVersion.Parse(requires.Glibc!) <= Packaging.Elf.GlibcVersion.Parse(redis.Bookworm.Glibc!));
        Assert.Contains("libc.so.6", requires.Libraries);
        Assert.DoesNotContain("libjemalloc.so.2", requires.Libraries);
        Assert.DoesNotContain("liblzf.so.1", requires.Libraries);
    }

    [Fact]
    public void Package_IsCompatibleWithBookwormAndTrixie()
    {
        Assert.True(CompatibilityChecker.Check(Manifest.Requires, redis.Bookworm.ToHostFacts()).IsCompatible);
        var trixie = CompatibilityChecker.Check(Manifest.Requires, redis.Trixie.ToHostFacts());
        Assert.True(trixie.IsCompatible, string.Join("; ", trixie.Problems.Select(p => p.Message)));
    }

    [Fact]
    public void Sequencing_NeverWritesTheImage()
    {
        Assert.Equal(redis.ImageBefore, redis.ImageAfter);
        Assert.Equal(redis.Bookworm.Digest, redis.ImageAfter);
    }

    [Fact]
    public async Task Package_VerifiesAndIsInTheLibraryUnderItsDigest()
    {
        var report = await PackageVerifier.VerifyAsync(redis.Result.Package.Path, null, CancellationToken.None);

        Assert.Equal(redis.Result.Package.Digest, report.PackageDigest);
        Assert.EndsWith(redis.Result.Package.Digest.Hex + ".hpkg", redis.Result.Package.Path);
    }
}
