using Hoist.Core.Errors;
using Hoist.Packaging.Manifests;

namespace Hoist.Packaging.Tests.Manifests;

public sealed class ManifestSerializerTests
{
    [Fact]
    public void Deserialize_Serialized_GivesBackEveryField()
    {
        var original = SampleManifest.Create();

        var yaml = ManifestSerializer.Serialize(original);
        var back = ManifestSerializer.Deserialize(yaml);

        Assert.Equal(yaml, ManifestSerializer.Serialize(back));
        var service = Assert.Single(back.Services);
        Assert.Equal(["/usr/bin/redis-server", "/etc/redis/redis.conf", "--supervised", "systemd"], service.Exec);
        Assert.Equal("a: b # c", service.Environment["QUOTED"]);
        Assert.True(Assert.Single(service.ExecStartPre).IgnoreFailure);
        Assert.Equal(["127.0.0.1", "::1"], Assert.Single(service.Ports).Addresses);
        Assert.NotNull(service.Capabilities);
        Assert.Empty(service.Capabilities!);
        Assert.Equal(6379, service.Readiness!.Port);
        Assert.Equal("port {value}", back.Parameters[0].Targets[0].Line);
        Assert.True(back.Groups[1].Existing);
        Assert.Equal("3.0.11", back.BillOfMaterials[1].Replaced);
        Assert.Equal(original.Layer, back.Layer);
        Assert.Equal(["libcom_err.so.2"], back.Requires.Others!.Libraries);
        Assert.Equal("2.34", back.Requires.Glibc);
        Assert.Equal(original.Sequencing, back.Sequencing);
    }

    [Fact]
    public void Deserialize_SerializedWithLimitsAndInstances_GivesThemBack()
    {
        var original = SampleManifest.Create() with { Resources = new ResourceLimits { Memory = "512M", Cpus = 1.5, Pids = 200 }, MaxInstances = 4 };

        var yaml = ManifestSerializer.Serialize(original);
        var back = ManifestSerializer.Deserialize(yaml);

        Assert.DoesNotContain("memoryBytes", yaml);
        Assert.Equal(original.Resources, back.Resources);
        Assert.Equal(512L << 20, back.Resources!.MemoryBytes);
        Assert.Equal(4, back.MaxInstances);
    }

    [Fact]
    public void Serialize_SameManifest_SameBytes()
    {
        Assert.Equal(ManifestSerializer.SerializeToUtf8(SampleManifest.Create()), ManifestSerializer.SerializeToUtf8(SampleManifest.Create()));
    }

    [Fact]
    public void Serialize_LeavesOutEmptyAndDefaultFields()
    {
        var yaml = ManifestSerializer.Serialize(new PackageManifest { Name = "tiny", Version = "1" });

        Assert.Equal("format: 1\nname: tiny\nversion: 1\nrequires: {}\n", yaml.Replace("\r", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Deserialize_UnknownField_NamesItAndItsLine()
    {
        var error = Assert.Throws<HoistException>(() => ManifestSerializer.Deserialize("name: x\nversion: 1\nservcies: []\n"));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("manifest.yaml: line 3:", error.Message);
        Assert.Contains("servcies", error.Message);
    }

    [Fact]
    public void Deserialize_WrongType_NamesTheLine()
    {
        var error = Assert.Throws<HoistException>(() => ManifestSerializer.Deserialize("name: x\nversion: 1\nservices:\n- name: a\n  ports:\n  - port: eighty\n"));

        Assert.StartsWith("manifest.yaml: line 6:", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Deserialize_Empty_SaysSo(string yaml)
    {
        var error = Assert.Throws<HoistException>(() => ManifestSerializer.Deserialize(yaml, "edited.yaml"));

        Assert.Equal("edited.yaml is empty", error.Message);
    }

    [Fact]
    public void Deserialize_BrokenYaml_NamesTheLine()
    {
        var error = Assert.Throws<HoistException>(() => ManifestSerializer.Deserialize("name: x\nversion: [1\n"));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("manifest.yaml: line ", error.Message);
    }
}
