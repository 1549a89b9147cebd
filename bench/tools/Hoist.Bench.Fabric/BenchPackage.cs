using Hoist.Fabric.Api;
using Hoist.Fabric.Client;
using Hoist.Packaging.Files;
using Hoist.Packaging.Layers;
using Hoist.Packaging.Manifests;

namespace Hoist.Bench.Fabric;

/// <summary>
/// The package the benchmark deploys: a real .hpkg (a small layer written by <see cref="LayerWriter"/>, a
/// manifest like a sequenced redis: one service on port 6379 that the "port" parameter moves, needing
/// amd64, glibc 2.34 and libc.so.6, which a bookworm host satisfies), pushed into the controller's library
/// the way `hoist library push` does it: chunks the controller lacks, then the blob recipe, then the item.
/// </summary>
internal static class BenchPackage
{
    public const string Name = "bench-redis";

    /// <summary>Writes the package under <paramref name="work"/> and pushes it; returns the item.</summary>
    public static async Task<LibraryItemView> PushAsync(ControllerClient client, string work, CancellationToken cancellationToken)
    {
        var path = await WriteAsync(work, cancellationToken).ConfigureAwait(false);
        using var package = PackageFile.Open(path);
        return (await PackagePusher.PushAsync(client, path, package, cancellationToken).ConfigureAwait(false)).Item;
    }

    private static async Task<string> WriteAsync(string work, CancellationToken cancellationToken)
    {
        var root = Path.Combine(work, "package-root");
        Directory.CreateDirectory(Path.Combine(root, "etc/redis"));
        Directory.CreateDirectory(Path.Combine(root, "usr/bin"));
        var config = Path.Combine(root, "etc/redis/redis.conf");
        await File.WriteAllTextAsync(config, "bind 127.0.0.1\nport 6379\nsave \"\"\n", cancellationToken).ConfigureAwait(false);
        var program = Path.Combine(root, "usr/bin/bench-redis-server");
        var content = new byte[256 << 10];
        new Random(4).NextBytes(content);
        await File.WriteAllBytesAsync(program, content, cancellationToken).ConfigureAwait(false);
        var modified = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        LayerEntry[] entries =
        [
            new() { Path = "etc", Kind = LayerEntryKind.Directory, Mode = 0x1ED, Modified = modified },
            new() { Path = "etc/redis", Kind = LayerEntryKind.Directory, Mode = 0x1ED, Modified = modified },
            new() { Path = "etc/redis/redis.conf", Kind = LayerEntryKind.File, Mode = 0x1A4, Modified = modified, Size = new FileInfo(config).Length, SourcePath = config },
            new() { Path = "usr", Kind = LayerEntryKind.Directory, Mode = 0x1ED, Modified = modified },
            new() { Path = "usr/bin", Kind = LayerEntryKind.Directory, Mode = 0x1ED, Modified = modified },
            new() { Path = "usr/bin/bench-redis-server", Kind = LayerEntryKind.File, Mode = 0x1ED, Modified = modified, Size = content.Length, SourcePath = program },
        ];
        var layerPath = Path.Combine(work, "layer.tar.zst");
        LayerInfo layer;
        var layerFile = File.Create(layerPath);
        await using (layerFile.ConfigureAwait(false))
        {
            layer = await LayerWriter.WriteAsync(entries, layerFile, LayerWriteOptions.Default, null, cancellationToken).ConfigureAwait(false);
        }

        var path = Path.Combine(work, Name + ".hpkg");
        var packageFile = File.Create(path);
        await using (packageFile.ConfigureAwait(false))
        {
            await PackageFileWriter.WriteAsync(Manifest(layer), layerPath, packageFile, cancellationToken).ConfigureAwait(false);
        }

        return path;
    }

    private static PackageManifest Manifest(LayerInfo layer) => new()
    {
        Name = Name,
        Version = "7.0.15-1",
        Description = "a redis-like server, for bench/controller",
        Requires = new Requirements { Architecture = "amd64", Glibc = "2.34", Libraries = ["libc.so.6", "libssl.so.3", "libsystemd.so.0"] },
        Services =
        [
            new ServiceSpec
            {
                Name = "bench-redis-server",
                Exec = ["/usr/bin/bench-redis-server", "/etc/redis/redis.conf"],
                Ports = [new PortSpec { Port = 6379, Addresses = ["127.0.0.1"] }],
            },
        ],
        ConfigFiles = ["/etc/redis/redis.conf"],
        StatePaths = ["/var/lib/redis"],
        Parameters =
        [
            new ParameterSpec { Name = "port", Default = "6379", Targets = [new ParameterTarget { File = "/etc/redis/redis.conf", Line = "port {value}" }] },
            new ParameterSpec { Name = "bind", Default = "127.0.0.1", Targets = [new ParameterTarget { File = "/etc/redis/redis.conf", Line = "bind {value}" }] },
        ],
        Layer = layer,
    };
}
