using System.Text.Json;
using Hoist.Core.Storage;
using Hoist.Testing;

namespace Hoist.Cli.Tests.Runtime;

/// <summary>
/// What the runtime tests share: the real bookworm and trixie images, real packages sequenced from
/// Debian (redis, nginx) and one whose service dies at once, and lab hosts made for the test class
/// (unique names, removed at the end with every app on them).
/// </summary>
public sealed class RuntimeLab : IAsyncLifetime
{
    private readonly List<string> _hosts = [];
    private readonly string _tag = Guid.NewGuid().ToString("n")[..6];

    public HoistHome Home => TestHome.Shared;

    public async Task InitializeAsync()
    {
        await TestImages.GetAsync("bookworm");
        await TestImages.GetAsync("trixie");
        await SequenceAsync("rt-redis", "--run", "apt-get install -y redis-server");
        await SequenceAsync("rt-nginx", "--run", "apt-get install -y nginx");
        var crasher = Path.Combine(Path.GetTempPath(), $"crasher-{_tag}.sh");
        await File.WriteAllTextAsync(crasher, """
            #!/bin/sh
            set -e
            mkdir -p /usr/lib/systemd/system /opt/crasher
            printf '#!/bin/sh\necho "crasher: about to fail" >&2\nexit 3\n' > /opt/crasher/run
            chmod 755 /opt/crasher/run
            printf '[Unit]\nDescription=dies at once\n[Service]\nExecStart=/opt/crasher/run\nRestart=always\n' > /usr/lib/systemd/system/crasher.service
            """);
        await SequenceAsync("rt-crasher", "--script", crasher, "--probe-timeout", "1");
        File.Delete(crasher);
    }

    /// <summary>A new lab host on <paramref name="image"/> with its own network namespace; removed at the end.</summary>
    public async Task<(string Name, string Address)> CreateHostAsync(string image)
    {
        var name = $"t{_tag}-{_hosts.Count}";
        var result = await HoistCli.RunAsync(Home, "host", "create", name, "--image", image, "--network", "own");
        Assert.True(result.ExitCode == 0, result.ToString());
        _hosts.Add(name);
        var hosts = JsonDocument.Parse((await HoistCli.RunAsync(Home, "host", "ls", "--json")).Stdout).RootElement;
        var address = hosts.EnumerateArray().Single(h => h.GetProperty("name").GetString() == name).GetProperty("address").GetString()!;
        return (name, address);
    }

    /// <summary>A name for an app, unique to this test class.</summary>
    public string AppName(string what) => $"{what}-{_tag}";

    /// <summary>Runs hoist and fails the test, with its output, when it does not exit 0.</summary>
    public async Task<CliResult> MustAsync(params string[] arguments)
    {
        var result = await HoistCli.RunAsync(Home, arguments);
        Assert.True(result.ExitCode == 0, $"hoist {string.Join(' ', arguments)}: {result}");
        return result;
    }

    public async Task DisposeAsync()
    {
        var apps = JsonDocument.Parse((await HoistCli.RunAsync(Home, "ps", "--all", "--json")).Stdout).RootElement;
        foreach (var app in apps.EnumerateArray().Select(a => a.GetProperty("name").GetString()!).Where(a => a.EndsWith(_tag, StringComparison.Ordinal)))
        {
            await HoistCli.RunAsync(Home, "stop", app);
            await HoistCli.RunAsync(Home, "rm", app);
        }

        foreach (var host in _hosts)
        {
            foreach (var app in JsonDocument.Parse((await HoistCli.RunAsync(Home, "host", "ls", "--json")).Stdout).RootElement.EnumerateArray()
                .Where(h => h.GetProperty("name").GetString() == host).SelectMany(h => h.GetProperty("apps").EnumerateArray()).Select(a => a.GetString()!))
            {
                await HoistCli.RunAsync(Home, "stop", app);
                await HoistCli.RunAsync(Home, "rm", app);
            }

            await HoistCli.RunAsync(Home, "host", "rm", host);
        }
    }

    private async Task SequenceAsync(string name, params string[] installer)
    {
        if (TestHome.Library.Packages.Find(name) is not null)
        {
            return;
        }

        var result = await HoistCli.RunAsync(Home, ["sequence", "--image", "bookworm", "--name", name, .. installer]);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
