using Hoist.Cli.Fabric;
using Hoist.Core.Errors;

namespace Hoist.Cli.Tests.Fabric;

public sealed class DeploymentFileTests
{
    [Fact]
    public void Parse_YamlList_EveryFieldRead()
    {
        var deployments = DeploymentFile.Parse(
            """
            # two caches
            - package: redis:7.0
              name: cache-1
              host: h2
              set: { port: 6380, memory: 512M }
            - package: nginx
              start: false
            """,
            "apps.yaml",
            start: true);

        Assert.Equal(2, deployments.Count);
        Assert.Equal(("redis:7.0", "cache-1", "h2", true), (deployments[0].Package, deployments[0].Name, deployments[0].Host, deployments[0].Start));
        Assert.Equal(new Dictionary<string, string> { ["port"] = "6380", ["memory"] = "512M" }, deployments[0].Settings);
        Assert.Equal(("nginx", null, null, false), (deployments[1].Package, deployments[1].Name, deployments[1].Host, deployments[1].Start));
        Assert.Empty(deployments[1].Settings);
    }

    [Fact]
    public void Parse_Json_ReadAsYaml()
    {
        var deployments = DeploymentFile.Parse("""[{"package": "redis", "name": "a", "set": {"port": "7000"}}]""", "apps.json", start: false);

        Assert.Equal(("redis", "a", "7000", false), (deployments[0].Package, deployments[0].Name, deployments[0].Settings["port"], deployments[0].Start));
    }

    [Theory]
    [InlineData("", "apps.yaml: no apps: the file must be a list of apps, each with 'package:'")]
    [InlineData("package: redis\n", "apps.yaml: no apps: the file must be a list of apps, each with 'package:'")]
    [InlineData("- name: a\n", "apps.yaml: line 1: an app without 'package:'")]
    [InlineData("- package: redis\n- package: nginx\n  colour: blue\n", "apps.yaml: line 3: unknown key 'colour' (an app has package, name, host, set, start)")]
    [InlineData("- package: redis\n  set: [port]\n", "apps.yaml: line 2: set: must be a mapping of KEY: VALUE")]
    [InlineData("- package: redis\n  start: maybe\n", "apps.yaml: line 2: start: 'maybe' is not true or false")]
    [InlineData("- package: [redis]\n", "apps.yaml: line 1: a single value was expected here")]
    [InlineData("- redis\n", "apps.yaml: line 1: an app must be a mapping with 'package:' (and 'name:', 'host:', 'set:', 'start:')")]
    [InlineData("- package: 'redis\n", "apps.yaml: line 1: not YAML")]
    public void Parse_BadFile_InvalidArgumentNamingTheLine(string text, string message)
    {
        var error = Assert.Throws<HoistException>(() => DeploymentFile.Parse(text, "apps.yaml", start: true));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
