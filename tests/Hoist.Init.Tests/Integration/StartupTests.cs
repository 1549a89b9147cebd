using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class StartupTests : IDisposable
{
    private readonly TempDirectory _directory = new("init");
    private InitRun? _run;

    [Fact]
    public async Task Supervise_ThreeServices_StartInOrderEachAfterThePreviousIsReady()
    {
        var port = Scripts.FreePort();
        var spec = InitRun.Spec(_directory,
            InitRun.Service("a", "sh", "-c", "echo a-up; exec sleep 300"),
            InitRun.Service("b", Scripts.Listener(port, 0.3)) with { Readiness = new ReadinessPlan { Port = port, TimeoutSeconds = 10 } },
            InitRun.Service("c", "sh", "-c", "echo c-up; exec sleep 300"));
        _run = await InitRun.StartAsync(_directory, spec);

        var status = await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");

        Assert.All(status.Services, s => Assert.Equal(ServiceStates.Ready, s.State));
        Assert.All(status.Services, s => Assert.True(s.Pid > 0));

        // hoist-init writes a service's ready state, then logs it: the status can come first.
        var log = await _run.WaitForLogAsync("hoist-init", "c: ready in ");
        string[] order = ["a: started", "a: ready", "b: started", "b: ready", "c: started", "c: ready"];
        var positions = order.Select(e => log.IndexOf(e, StringComparison.Ordinal)).ToList();
        Assert.True(positions.All(p => p >= 0) && positions.SequenceEqual(positions.Order()), log);
        Assert.InRange(Scripts.ReadyMilliseconds(log, "b"), 250, 5000);
        Assert.Contains("out a-up", await _run.WaitForLogAsync("a", "a-up"));
        Assert.Equal(0, await _run.StopAsync());
        Assert.Equal(AppStates.Stopped, _run.Status()!.State);
    }

    [Fact]
    public async Task Supervise_PortThatNeverAnswers_StartTimesOutStopsTheProcessAndRetries()
    {
        var spec = InitRun.Spec(_directory,
            InitRun.Service("b", "sleep", "300") with { Readiness = new ReadinessPlan { Port = Scripts.FreePort(), TimeoutSeconds = 0.5 } });
        _run = await InitRun.StartAsync(_directory, spec);

        await _run.WaitForLogAsync("hoist-init", "b: start failed: not ready within 0.5 s");
        await _run.WaitForStatusAsync(s => s.State == AppStates.Degraded && InitRun.Of(s, "b").Restarts >= 1, "b restarted, app degraded");

        Assert.True(await ProcFiles.GoneAsync(Scripts.StartedPid(_run.Log(), "b")), "the process of the failed start is still there");
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Supervise_ExecReadiness_ReadyOnceTheCheckExitsZero()
    {
        var flag = _directory.Combine("flag");
        var spec = InitRun.Spec(_directory,
            InitRun.Service("svc", "sh", "-c", $"sleep 0.4; touch {flag}; exec sleep 300") with
            {
                Readiness = new ReadinessPlan { Exec = ["test", "-e", flag], TimeoutSeconds = 10 },
            });
        _run = await InitRun.StartAsync(_directory, spec);

        await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");

        Assert.InRange(Scripts.ReadyMilliseconds(await _run.WaitForLogAsync("hoist-init", "svc: ready in "), "svc"), 350, 5000);
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Supervise_HttpReadiness_ReadyOnceTheUrlAnswers()
    {
        var port = Scripts.FreePort();
        var spec = InitRun.Spec(_directory,
            InitRun.Service("web", Scripts.Listener(port, 0.3)) with
            {
                Readiness = new ReadinessPlan { Http = $"http://127.0.0.1:{port}/health", TimeoutSeconds = 10 },
            });
        _run = await InitRun.StartAsync(_directory, spec);

        await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");

        Assert.InRange(Scripts.ReadyMilliseconds(await _run.WaitForLogAsync("hoist-init", "web: ready in "), "web"), 250, 5000);
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Supervise_Oneshot_NextServiceStartsAfterItFinished()
    {
        var marker = _directory.Combine("setup-done");
        var spec = InitRun.Spec(_directory,
            InitRun.Service("setup", "sh", "-c", $"sleep 0.3; echo prepared > {marker}") with { Type = "oneshot", Restart = "no" },
            InitRun.Service("app", "sh", "-c", $"cat {marker}; exec sleep 300"));
        _run = await InitRun.StartAsync(_directory, spec);

        var status = await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");

        Assert.Equal(ServiceStates.Exited, InitRun.Of(status, "setup").State);
        Assert.Equal(0, InitRun.Of(status, "setup").LastExitCode);
        Assert.Contains("out prepared", await _run.WaitForLogAsync("app", "prepared"));
        Assert.Equal(0, await _run.StopAsync());
    }

    public void Dispose()
    {
        _run?.Dispose();
        _directory.Dispose();
    }
}
