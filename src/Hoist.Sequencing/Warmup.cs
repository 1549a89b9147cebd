using Hoist.Packaging.Compatibility;
using Hoist.Packaging.Layers;
using Hoist.Packaging.Manifests;
using Hoist.Sequencing.Analysis;

namespace Hoist.Sequencing;

/// <summary>
/// Runs, once and on small inputs, the code that reads a capture, so that its first-use costs (type
/// loading, YamlDotNet building its serializers) are paid while the installer runs and this process
/// only waits. Measured on the redis capture: the steps after the installer went from ~300 ms to
/// ~200 ms. Failures here are of no consequence and are ignored.
/// </summary>
internal static class Warmup
{
    private const string Unit = "[Unit]\nDescription=warm\nAfter=network.target\n[Service]\nType=notify\nExecStart=/usr/bin/warm --flag 'a b'\nUser=warm\nRuntimeDirectory=warm\nReadWritePaths=-/var/lib/warm\n[Install]\nAlias=w.service\n";

    public static Task RunAsync(CancellationToken cancellationToken) => Task.Run(
        async () =>
        {
            try
            {
                var detection = ServiceDetector.Detect(new ServiceSources { UnitFiles = [new SourceFile("/usr/lib/systemd/system/warm.service", Unit)] });
                AccountsDiff.Diff("root:x:0:0::/root:/bin/sh\n", "root:x:0:0::/root:/bin/sh\nwarm:x:100:101::/var/lib/warm:/usr/sbin/nologin\n", "root:x:0:\n", "root:x:0:\nwarm:x:101:\n");
                BillOfMaterials.Diff(DpkgStatus.Parse("Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: amd64\n"), DpkgStatus.Parse("Package: a\nStatus: install ok installed\nVersion: 2\nArchitecture: amd64\n"));
                StatePathDetector.Detect([new DeltaPath("/var/lib/warm", true, false)], detection.Services);
                ParameterProposer.Propose(detection.Services, [new SourceFile("/etc/warm.conf", "port 1\n")]);
                RequirementScanner.Scan([new PackageFileRef("/usr/bin/sh", "/bin/sh")], ["/usr/bin/sh"]);
                var manifest = new PackageManifest { Name = "warm", Version = "1", Services = detection.Services, Parameters = [new ParameterSpec { Name = "port", Default = "1", Targets = [new ParameterTarget { File = "/etc/warm.conf", Line = "port {value}" }] }] };
                ManifestSerializer.Deserialize(ManifestSerializer.Serialize(manifest));
                await LayerWriter.WriteAsync(
                    [new LayerEntry { Path = "etc", Kind = LayerEntryKind.Directory, Mode = 493 }],
                    Stream.Null, new LayerWriteOptions { CompressionLevel = 1, Workers = 1 }, null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Only a warm-up: the real run reports its own errors.
            }
        },
        cancellationToken);
}
