using Hoist.Packaging.Manifests;

namespace Hoist.Packaging.Tests.Manifests;

public sealed class ManifestValidatorTests
{
    [Fact]
    public void Validate_Sample_NoProblems()
    {
        Assert.Empty(ManifestValidator.Validate(SampleManifest.Create()));
    }

    [Fact]
    public void Validate_ManyProblems_ListsEveryOne()
    {
        var sample = SampleManifest.Create();
        var broken = sample with
        {
            Name = "Bad Name",
            Version = string.Empty,
            Services =
            [
                sample.Services[0] with { Exec = ["redis-server"], Ports = [new PortSpec { Port = 70000, Protocol = "tcp" }], After = ["missing"] },
                sample.Services[0],
            ],
            StatePaths = ["var/lib/redis", "/var/../etc"],
            Parameters = [new ParameterSpec { Name = "Port", Targets = [new ParameterTarget { File = "/etc/x", Line = "port 1" }] }, new ParameterSpec { Name = "empty" }],
            Layer = null,
        };

        var problems = ManifestValidator.Validate(broken);

        Assert.Contains(problems, p => p.StartsWith("name: 'Bad Name'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("version: ''", StringComparison.Ordinal));
        Assert.Contains("services[0].exec: the command must start with an absolute program path", problems);
        Assert.Contains(problems, p => p.StartsWith("services[0].ports: 70000/tcp", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("services[1].name: 'redis-server' is empty or used twice", StringComparison.Ordinal));
        Assert.Contains("services[0].after: 'missing' is not a service of this package", problems);
        Assert.Contains("path 'var/lib/redis' must be absolute, without '..' or '//'", problems);
        Assert.Contains("path '/var/../etc' must be absolute, without '..' or '//'", problems);
        Assert.Contains(problems, p => p.StartsWith("parameters[0].name: 'Port'", StringComparison.Ordinal));
        Assert.Contains("parameters[0].targets: line 'port 1' must contain {value}", problems);
        Assert.Contains("parameters[1].targets: a parameter must set at least one line", problems);
        Assert.Contains("layer: missing (a package must carry its layer's digests)", problems);
    }

    [Fact]
    public void Validate_WithoutLayerWhileBuilding_Passes()
    {
        Assert.Empty(ManifestValidator.Validate(SampleManifest.Create() with { Layer = null }, requireLayer: false));
    }
}
