using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Hoist.Core.Processes;
using Hoist.Packaging.Files;
using Hoist.Packaging.Manifests;
using Hoist.Testing;

namespace Hoist.Cli.Tests.Runtime;

/// <summary>What goes wrong at run time, and what must hold afterwards: a clear error, the right exit
/// code, the host unaffected, nothing left running or mounted, no state lost.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class RuntimeFaultTests(RuntimeLab lab) : IDisposable
{
    private readonly TempDirectory _temp = new("faults");

    [Fact]
    public async Task Add_PackageTheHostCannotRun_RefusedWithTheReasonAndNothingCreated()
    {
        var (host, _) = await lab.CreateHostAsync("bookworm");
        var package = await RedisNeedingAsync("rt-redis-future", requires => requires with { Glibc = "2.99" });
        var app = lab.AppName("future");

        var result = await HoistCli.RunAsync(lab.Home, "add", package, "--host", host, "--name", app);

        Assert.Equal(18, result.ExitCode);
        Assert.Contains($"package rt-redis-future cannot run on host {host}", result.ErrorLine);
        Assert.Contains("glibc too old: the package needs GLIBC_2.99", result.ErrorLine);
        Assert.DoesNotContain(app, (await lab.MustAsync("ps", "--all")).Stdout);
        Assert.False(Directory.Exists(Path.Combine(lab.Home.Root, "apps", app)));
    }

    [Fact]
    public async Task HostUpgrade_AppIncompatibleWithTheNewOs_StaysStoppedSayingWhyWithItsState()
    {
        var (host, _) = await lab.CreateHostAsync("bookworm");

        // libcom_err.so.2 is in bookworm's minimal image (e2fsprogs is required there) and not in trixie's.
        var package = await RedisNeedingAsync("rt-redis-bookworm-only", requires => requires with { Libraries = [.. requires.Libraries, "libcom_err.so.2"] });
        var app = lab.AppName("bookworm-only");
        await lab.MustAsync("add", package, "--host", host, "--name", app, "--start");
        await lab.MustAsync("exec", app, "--", "sh", "-c", "echo kept > /var/lib/redis/marker");

        var upgrade = await HoistCli.RunAsync(lab.Home, "host", "upgrade", host, "--image", "trixie");

        Assert.True(upgrade.ExitCode == 5, upgrade.ToString());
        Assert.Contains($"{app}: stopped (incompatible with the new OS: ", upgrade.Stdout);
        Assert.Contains("libcom_err.so.2", upgrade.Stdout);
        Assert.Equal($"hoist: 1 app that ran before did not start again on host {host}; each keeps its state; the lines above say why", upgrade.ErrorLine);
        Assert.Equal("stopped", await StateAsync(app));
        Assert.Equal("kept\n", await File.ReadAllTextAsync(Path.Combine(lab.Home.Root, "apps", app, "state", "upper", "var", "lib", "redis", "marker")));
        var start = await HoistCli.RunAsync(lab.Home, "start", app);
        Assert.Equal(20, start.ExitCode); // 16 + 4: a library the host lacks
        Assert.Contains($"cannot run on host {host}", start.ErrorLine);
        Assert.Contains("libcom_err.so.2", start.ErrorLine);
        await lab.MustAsync("rm", app);
    }

    [Fact]
    public async Task Start_PortAlreadyTaken_RefusedNamingThePortAndHowToMove()
    {
        using var squatter = new TcpListener(IPAddress.Any, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var app = lab.AppName("squatted");
        await lab.MustAsync("add", "rt-redis", "--host", "local", "--name", app, "--set", $"port={port}");

        var result = await HoistCli.RunAsync(lab.Home, "start", app);

        Assert.Equal(5, result.ExitCode);
        Assert.Equal($"hoist: port {port}/tcp is already in use on host local; stop what uses it, or add the app again with --set port=ANOTHER_PORT", result.ErrorLine);
        Assert.Equal("stopped", await StateAsync(app));
    }

    [Fact]
    public async Task Start_ServiceExitsAtOnce_ReportedThenCrashLoopingAndTheHostUnaffected()
    {
        var (host, address) = await lab.CreateHostAsync("bookworm");
        var neighbour = lab.AppName("neighbour");
        await lab.MustAsync("add", "rt-nginx", "--host", host, "--name", neighbour, "--start");
        var app = lab.AppName("crasher");
        await lab.MustAsync("add", "rt-crasher", "--host", host, "--name", app);

        var result = await HoistCli.RunAsync(lab.Home, "start", app);

        Assert.Equal(5, result.ExitCode);
        Assert.StartsWith($"hoist: app {app} started, but service crasher is", result.ErrorLine);
        Assert.Contains("crasher: about to fail", result.Stderr);
        Assert.True(await WaitAsync(async () => await ServiceStateAsync(app) == "crash-looping", TimeSpan.FromSeconds(20)), "the service never showed as crash-looping");
        Assert.Equal("running", await StateAsync(neighbour));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://{address}/")).StatusCode);
        await lab.MustAsync("stop", app);
        Assert.Equal("stopped", await StateAsync(app));
    }

    [Fact]
    public async Task Backup_ToAFullDiskOrReadOnlyPath_ClearErrorAppKeepsRunningNoPartialFile()
    {
        var (host, _) = await lab.CreateHostAsync("bookworm");
        var app = lab.AppName("backedup");
        await lab.MustAsync("add", "rt-redis", "--host", host, "--name", app, "--start");
        await lab.MustAsync("exec", app, "--", "sh", "-c", "head -c 3000000 /dev/urandom > /var/lib/redis/ballast");
        var full = _temp.Combine("full");
        var readOnly = _temp.Combine("readonly");
        Directory.CreateDirectory(full);
        Directory.CreateDirectory(readOnly);
        await MountAsync("-t", "tmpfs", "-o", "size=1m", "tmpfs", full);
        await MountAsync("-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", readOnly);
        try
        {
            var noSpace = await HoistCli.RunAsync(lab.Home, "state", "backup", app, "-o", Path.Combine(full, "app.state"));
            Assert.Equal(6, noSpace.ExitCode);
            Assert.Contains("no space left", noSpace.ErrorLine);
            Assert.Empty(Directory.GetFileSystemEntries(full));
            Assert.Equal("running", await StateAsync(app));

            var denied = await HoistCli.RunAsync(lab.Home, "state", "backup", app, "-o", Path.Combine(readOnly, "app.state"));
            Assert.Equal(5, denied.ExitCode);
            Assert.Contains("read-only", denied.ErrorLine);
            Assert.Empty(Directory.GetFileSystemEntries(readOnly));
            Assert.Equal("running", await StateAsync(app));

            var missing = await HoistCli.RunAsync(lab.Home, "state", "backup", app, "-o", "/nonexistent/dir/app.state");
            Assert.Equal(3, missing.ExitCode);
        }
        finally
        {
            await UnmountAsync(full);
            await UnmountAsync(readOnly);
        }
    }

    [Theory]
    [InlineData("flipped")]
    [InlineData("truncated")]
    [InlineData("garbage")]
    public async Task Restore_DamagedArchive_RefusedNamingThePartAndNothingCreated(string damage)
    {
        var (host, _) = await lab.CreateHostAsync("trixie");
        var app = lab.AppName("source-" + damage);
        await lab.MustAsync("add", "rt-redis", "--host", host, "--name", app, "--start");
        var archive = _temp.Combine("good.state");
        await lab.MustAsync("state", "backup", app, "-o", archive);
        var bytes = await File.ReadAllBytesAsync(archive);
        var damaged = _temp.Combine(damage + ".state");
        await File.WriteAllBytesAsync(damaged, damage switch
        {
            "flipped" => Flip(bytes, bytes.Length - 2000),
            "truncated" => bytes[..(bytes.Length / 2)],
            _ => Encoding.ASCII.GetBytes("this is not a state archive\n"),
        });
        var name = lab.AppName("restored-" + damage);

        var result = await HoistCli.RunAsync(lab.Home, "state", "restore", damaged, "--host", host, "--name", name);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(damaged, result.ErrorLine);
        Assert.DoesNotContain(name, (await lab.MustAsync("ps", "--all")).Stdout);
        Assert.False(Directory.Exists(Path.Combine(lab.Home.Root, "apps", name)));
    }

    [Fact]
    public async Task Supervisor_KilledWithSigkill_PsTellsTheTruthAndAStartRecoversWithTheData()
    {
        var (host, address) = await lab.CreateHostAsync("bookworm");
        var app = lab.AppName("killed");
        await lab.MustAsync("add", "rt-redis", "--host", host, "--name", app, "--set", "bind=0.0.0.0 -::", "--start");
        await lab.MustAsync("exec", app, "--", "redis-cli", "set", "survivor", "yes");
        await lab.MustAsync("exec", app, "--", "redis-cli", "save");

        await ProcessRunner.RunCheckedAsync(new ProcessSpec("kill", "-9", InitPid(app)), "killing hoist-init", CancellationToken.None);

        Assert.True(await WaitAsync(async () => await StateAsync(app) == "failed", TimeSpan.FromSeconds(5)), "ps did not report the app as failed");
        Assert.DoesNotContain(ContainerRoot(app), File.ReadAllText("/proc/self/mountinfo"));
        await lab.MustAsync("start", app);
        Assert.Equal("running", await StateAsync(app));
        Assert.Contains("yes", (await lab.MustAsync("exec", app, "--", "redis-cli", "get", "survivor")).Stdout);
        Assert.Equal(1, RuncContainers(app));
        _ = address;
    }

    [Fact]
    public async Task Start_RuncKilledMidway_ErrorAndNothingLeftThenAStartWorks()
    {
        var (host, _) = await lab.CreateHostAsync("bookworm");
        var app = lab.AppName("runc-killed");
        var wrappers = _temp.Combine("bin");
        Directory.CreateDirectory(wrappers);
        var runc = Prerequisites.RequireTool("runc", "runc");
        await File.WriteAllTextAsync(Path.Combine(wrappers, "runc"), $"""
            #!/bin/sh
            if [ "$1" = create ]; then {runc} "$@" & pid=$!; sleep 0.03; kill -9 $pid; exit 137; fi
            exec {runc} "$@"
            """);
        File.SetUnixFileMode(Path.Combine(wrappers, "runc"), (UnixFileMode)Convert.ToInt32("755", 8));

        // The add makes the app's container ahead of its start, through the same runc: that one is
        // killed too, and must leave nothing either.
        var path = $"{wrappers}:{Environment.GetEnvironmentVariable("PATH")}";
        var add = await HoistCli.SpecAsync(lab.Home, "add", "rt-redis", "--host", host, "--name", app);
        Assert.Equal(0, (await ProcessRunner.RunAsync(add with { Environment = new Dictionary<string, string?>(add.Environment) { ["PATH"] = path } }, CancellationToken.None)).ExitCode);
        Assert.Equal(0, RuncContainers(app));
        var spec = await HoistCli.SpecAsync(lab.Home, "start", app);
        spec = spec with { Environment = new Dictionary<string, string?>(spec.Environment) { ["PATH"] = path } };

        var result = await ProcessRunner.RunAsync(spec, CancellationToken.None);

        Assert.Equal(6, result.ExitCode);
        Assert.Contains($"the container of app {app} did not start: runc was killed by signal 9; nothing was left running or mounted", result.Stderr);
        Assert.Equal(0, RuncContainers(app));
        Assert.DoesNotContain(ContainerRoot(app), File.ReadAllText("/proc/self/mountinfo"));
        await lab.MustAsync("start", app);
        Assert.Equal("running", await StateAsync(app));
    }

    [Fact]
    public async Task Start_TwiceAtOnce_OneWinsTheOtherSaysSo()
    {
        var (host, _) = await lab.CreateHostAsync("bookworm");
        var app = lab.AppName("raced");
        await lab.MustAsync("add", "rt-redis", "--host", host, "--name", app);
        var starts = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ => await HoistCli.RunAsync(lab.Home, "start", app)));
        Assert.Contains(starts, r => r.ExitCode == 0);
        foreach (var loser in starts.Where(r => r.ExitCode != 0))
        {
            Assert.Equal(5, loser.ExitCode);
            Assert.Contains("another hoist is starting, stopping or changing it", loser.ErrorLine);
        }

        var layout = Path.Combine(lab.Home.Root, "apps", app, ".lock");
        using (new FileStream(layout, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var held = await HoistCli.RunAsync(lab.Home, "stop", app);
            Assert.Equal(5, held.ExitCode);
            Assert.Equal($"hoist: app '{app}' cannot be stopped now: another hoist is starting, stopping or changing it; wait for that one to finish, then try again", held.ErrorLine);
        }

        Assert.Equal("running", await StateAsync(app));
        Assert.Equal(1, RuncContainers(app));
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>The redis package under another name, with other requirements (`hoist package edit`); its file's path.</summary>
    private async Task<string> RedisNeedingAsync(string name, Func<Requirements, Requirements> requires)
    {
        using var original = PackageFile.Open(TestHome.Library.Packages.Get("rt-redis").Path);
        var manifest = _temp.Combine($"{name}.yaml");
        await File.WriteAllTextAsync(manifest, ManifestSerializer.Serialize(original.Manifest with { Name = name, Requires = requires(original.Manifest.Requires) }));
        var package = _temp.Combine($"{name}.hpkg");
        await lab.MustAsync("package", "edit", "rt-redis", "--manifest", manifest, "-o", package);
        return package;
    }

    private async Task<string> StateAsync(string app) =>
        JsonDocument.Parse((await lab.MustAsync("ps", "--all", "--json")).Stdout).RootElement.EnumerateArray()
            .Single(a => a.GetProperty("name").GetString() == app).GetProperty("state").GetString()!;

    private async Task<string?> ServiceStateAsync(string app) =>
        JsonDocument.Parse((await lab.MustAsync("ps", "--all", "--json")).Stdout).RootElement.EnumerateArray()
            .Single(a => a.GetProperty("name").GetString() == app).GetProperty("services").EnumerateArray().FirstOrDefault().GetProperty("state").GetString();

    private string ContainerRoot(string app) => Path.Combine(lab.Home.Root, "apps", app, "bundle", "rootfs");

    private string InitPid(string app) => File.ReadAllText(Path.Combine(lab.Home.Root, "apps", app, "init.pid")).Trim();

    private int RuncContainers(string app)
    {
        var result = ProcessRunner.RunAsync(new ProcessSpec("runc", "list", "-q"), CancellationToken.None).GetAwaiter().GetResult();
        return result.Stdout.Split('\n').Count(id => id.EndsWith("-" + app, StringComparison.Ordinal));
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = bytes.ToArray();
        copy[at] ^= 0xFF;
        return copy;
    }

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    private static Task MountAsync(params string[] arguments) =>
        ProcessRunner.RunCheckedAsync(new ProcessSpec("mount", arguments), "mounting a test filesystem", CancellationToken.None);

    private static Task UnmountAsync(string path) =>
        ProcessRunner.RunAsync(new ProcessSpec("umount", path), CancellationToken.None);
}
