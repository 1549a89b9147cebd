using System.Globalization;
using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class ForkingTests : IDisposable
{
    private readonly TempDirectory _directory = new("init");
    private InitRun? _run;

    [Fact]
    public async Task Supervise_Forking_TracksTheDaemonOfItsPidFileAndRestartsItWhenKilled()
    {
        var pidFile = _directory.Combine("daemon.pid");
        var daemon = InitRun.Service("daemon", "sh", "-c", "sleep 300 & echo $! > \"$PIDFILE\"") with
        {
            Type = "forking",
            PidFile = pidFile,
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["PIDFILE"] = pidFile },
        };
        _run = await InitRun.StartAsync(_directory, InitRun.Spec(_directory, daemon));

        var status = await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");

        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(pid, InitRun.Of(status, "daemon").Pid);
        Assert.Equal(_run.Pid, ProcFiles.Stat(pid)?.Parent);
        Assert.Equal(0, Hoist.Init.Interop.LibC.Kill(pid, 9));
        status = await _run.WaitForStatusAsync(s => InitRun.Of(s, "daemon") is { State: ServiceStates.Ready, Restarts: 1 }, "daemon restarted");
        Assert.Equal(9, InitRun.Of(status, "daemon").LastSignal);
        Assert.Contains("daemon: killed by SIGKILL; restarting in 0.1 s", _run.Log());
        var second = InitRun.Of(status, "daemon").Pid!.Value;
        Assert.NotEqual(pid, second);
        Assert.Equal(0, await _run.StopAsync());
        Assert.True(await ProcFiles.GoneAsync(second), "the daemon outlived the stop");
    }

    [Fact]
    public async Task Supervise_ForkingStarterFails_StartFails()
    {
        var daemon = InitRun.Service("daemon", "sh", "-c", "exit 4") with { Type = "forking", PidFile = _directory.Combine("none.pid"), Restart = "no" };
        _run = await InitRun.StartAsync(_directory, InitRun.Spec(_directory, daemon));

        var status = await _run.WaitForStatusAsync(s => InitRun.Of(s, "daemon").State == ServiceStates.Failed, "daemon failed");

        Assert.Equal(4, InitRun.Of(status, "daemon").LastExitCode);
        Assert.Contains("daemon: start failed: exited with code 4", _run.Log());
        Assert.Equal(0, await _run.StopAsync());
    }

    public void Dispose()
    {
        _run?.Dispose();
        _directory.Dispose();
    }
}
