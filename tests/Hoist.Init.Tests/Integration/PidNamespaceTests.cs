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
            InitRun.Service("server", "sh", "-c", "trap 'exit 0' TERM; while :; do sleep 0.05; done"));
        _run = await InitRun.StartAsync(_directory, spec, InitRun.Launch.PidNamespace);

        await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");
        var log = await _run.WaitForLogAsync("hoist-init", "as pid 1");
        Assert.Contains("(2 services), pid 1 as pid 1", log);
        await Task.Delay(600);

        var zombies = ProcFiles.Children(_run.Pid).Where(p => ProcFiles.Stat(p)?.State == 'Z').ToList();
        Assert.True(zombies.Count == 0, $"zombies under pid 1: {string.Join(", ", zombies)}\n{_run.Describe()}");
        Assert.Single(ProcFiles.Children(_run.Pid));
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
