using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Integration;

/// <summary>hoist-init as pid 1, as in a container: `unshare --pid --fork --mount-proc hoist-init`.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class PidNamespaceTests : IDisposable
{
    private readonly TempDirectory _directory = new("init");
    private InitRun? _run;

    [Fact]
    public async Task Supervise_AsPid1_ReapsOrphansAndStopsCleanly()
    {
        var spec = InitRun.Spec(_directory,
            InitRun.Service("forker", "sh", "-c", "for i in 1 2 3; do setsid sh -c 'sleep 0.2' & done; exit 0") with { Restart = "no" },
            InitRun.Service("server", "sh", "-c", "trap 'exit 0' TERM; echo trapped; while :; do sleep 0.05; done"));
        _run = await InitRun.StartAsync(_directory, spec, InitRun.Launch.PidNamespace);

        await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");
        var log = await _run.WaitForLogAsync("hoist-init", "as pid 1");
        Assert.Contains("(2 services), pid 1 as pid 1", log);

        // The orphans end after 0.2 s; reaped, they leave pid 1 with the server as its only child.
        var alone = SpinWait.SpinUntil(() => ProcFiles.Children(_run.Pid).Count == 1, 5000);
        var children = ProcFiles.Children(_run.Pid).Select(p => $"{p} {ProcFiles.Stat(p)?.State} {ProcFiles.CommandLine(p)}");
        Assert.True(alone, $"children of pid 1: {string.Join("; ", children)}\n{_run.Describe()}");
        await _run.WaitForLogAsync("server", "trapped");
        Assert.Equal(0, await _run.StopAsync());
        Assert.Equal(AppStates.Stopped, _run.Status()!.State);
        Assert.Contains("server: stopped", _run.Log());
    }

    public void Dispose()
    {
        _run?.Dispose();
        _directory.Dispose();
    }
}
