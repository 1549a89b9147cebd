using System.Text.RegularExpressions;
using Hoist.Fabric.Api;

namespace Hoist.Cli.Tests.Fabric;

/// <summary>Hosts of the fabric: drained and resumed; apps scaled over them.</summary>
[Collection(FabricCollection.Name)]
public sealed class HostTests(FabricLab lab)
{
    [Fact]
    public async Task Drain_HostWithAnApp_MovesItAwayAndTakesNothingUntilResumed()
    {
        const string app = "hx-drained";
        await lab.DeployRedisAsync(app, "h3");
        try
        {
            var drain = await lab.MustAsync("host", "drain", "h3");

            Assert.Matches(@"hx-drained h3 -> h[12] \(warm\): succeeded", drain.Stdout);
            Assert.Contains("host h3 is drained", drain.Stdout);
            var moved = await lab.Client.AppAsync(app, CancellationToken.None);
            Assert.NotEqual("h3", moved.Host);
            Assert.Equal([moved.Host], await lab.HostsRunningAsync(app));
            var refused = await lab.RunAsync("deploy", FabricLab.Redis, "--name", "hx-refused", "--host", "h3");
            Assert.Equal(5, refused.ExitCode);
            Assert.Contains("drained", refused.ErrorLine);

            Assert.Contains("host h3 is ready", (await lab.MustAsync("host", "resume", "h3")).Stdout);
            Assert.Equal(HostStates.Ready, (await lab.Client.HostAsync("h3", CancellationToken.None)).State);
        }
        finally
        {
            await lab.RunAsync("host", "resume", "h3");
            await lab.RunAsync("rm", app);
        }
    }

    [Fact]
    public async Task Scale_PackageThatAllowsSeveral_PutsEachInstanceOnAnotherHostAndScalesBackDown()
    {
        var source = Path.Combine(lab.Home.Temp, "scalable.yaml");
        var file = Path.Combine(lab.Home.Temp, "scalable.hpkg");
        var package = new Library.LocalLibrary(lab.Home).Packages.Get(FabricLab.Redis).Path;
        var yaml = (await Core.Processes.ProcessRunner.RunCheckedAsync(new Core.Processes.ProcessSpec("tar", "-xOf", package, "manifest.yaml"), "reading the manifest", CancellationToken.None)).Stdout;
        await File.WriteAllTextAsync(source, Regex.Replace(yaml, "(?m)^name: fx-redis$", "name: fx-redis-many\nmaxInstances: 3", RegexOptions.None, TimeSpan.FromSeconds(1)));
        await lab.MustAsync("package", "edit", FabricLab.Redis, "--manifest", source, "-o", file);
        try
        {
            await lab.MustAsync("deploy", file, "--name", "hx-many");
            var up = await lab.MustAsync("scale", "hx-many", "--instances", "3");
            Assert.Contains("hx-many: 3 instances", up.Stdout);
            var apps = (await lab.Client.AppsAsync(CancellationToken.None)).Where(a => a.Group == "hx-many").ToList();
            Assert.Equal(3, apps.Count);
            Assert.Equal(3, apps.Select(a => a.Host).Distinct().Count());
            await FabricLab.WaitAsync(async () => (await lab.Client.AppsAsync(CancellationToken.None)).Count(a => a.Group == "hx-many" && a.Status == AppStates.Running) == 3, TimeSpan.FromSeconds(120), "three instances running");

            var down = await lab.MustAsync("scale", "hx-many", "--instances", "1");
            Assert.Contains("hx-many: 1 instance", down.Stdout);
            var refused = await lab.RunAsync("scale", "hx-many", "--instances", "4");
            Assert.Equal(5, refused.ExitCode);
            Assert.Contains("maxInstances", refused.ErrorLine);

            var single = await lab.RunAsync("scale", "mx-none", "--instances", "2");
            Assert.Equal(3, single.ExitCode);
        }
        finally
        {
            foreach (var app in (await lab.Client.AppsAsync(CancellationToken.None)).Where(a => a.Group == "hx-many"))
            {
                await lab.RunAsync("rm", app.Name);
            }

            File.Delete(file);
            File.Delete(source);
        }
    }
}
