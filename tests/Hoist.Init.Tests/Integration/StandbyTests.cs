using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class StandbyTests : IDisposable
{
    private const int SigUsr1 = 10;

    private readonly TempDirectory _directory = new("init");
    private InitRun? _run;

    [Fact]
    public async Task Standby_UntilSigUsr1_StartsNothingThenStartsEveryService()
    {
        var marker = _directory.Combine("ran");
        var spec = InitRun.Spec(_directory,
            InitRun.Service("first", "sh", "-c", $"echo first >> {marker}; exec sleep 300"),
            InitRun.Service("second", "sh", "-c", $"echo second >> {marker}; exec sleep 300"));
        _run = await InitRun.StartAsync(_directory, spec, standby: true);

        var standby = await _run.WaitForStatusAsync(s => s.State == AppStates.Standby, "state standby");
        await Task.Delay(300);
        Assert.False(File.Exists(marker), "a service ran before SIGUSR1");
        Assert.All(standby.Services, s => Assert.Equal((ServiceStates.Pending, (int?)null), (s.State, s.Pid)));

        _run.Signal(SigUsr1);
        var running = await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");

        // A service with no readiness check is ready once spawned, maybe before its first command ran.
        for (var i = 0; i < 500 && !(File.Exists(marker) && File.ReadAllLines(marker).Length == 2); i++)
        {
            await Task.Delay(10);
        }

        // Both ran; the order they were started in is hoist-init's (with no readiness check, the second
        // may be spawned before the first one's shell has written its line).
        Assert.Equal(["first", "second"], File.ReadAllLines(marker).Order(StringComparer.Ordinal));
        var log = _run.Log();
        Assert.True(log.IndexOf("first: started", StringComparison.Ordinal) is >= 0 and var first
            && log.IndexOf("second: started", StringComparison.Ordinal) > first, $"the services were not started first, second:\n{log}");
        Assert.True(running.Started > standby.Started, $"the start time {running.Started:O} is not the signal's, after {standby.Started:O}");
        _run.Signal(SigUsr1);
        await _run.WaitForLogAsync("hoist-init", "SIGUSR1 after the start: ignored");
        Assert.Equal(0, await _run.StopAsync());
        Assert.Equal(["first", "second"], File.ReadAllLines(marker).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Standby_SigTerm_ExitsWithNothingStarted()
    {
        var marker = _directory.Combine("ran");
        _run = await InitRun.StartAsync(_directory, InitRun.Spec(_directory, InitRun.Service("only", "sh", "-c", $"echo ran > {marker}; exec sleep 300")), standby: true);
        await _run.WaitForStatusAsync(s => s.State == AppStates.Standby, "state standby");

        Assert.Equal(0, await _run.StopAsync());

        Assert.False(File.Exists(marker));
        Assert.Equal(AppStates.Stopped, _run.Status()!.State);
        Assert.Contains("SIGTERM in standby: nothing was started", _run.Log());
    }

    public void Dispose()
    {
        _run?.Dispose();
        _directory.Dispose();
    }
}
