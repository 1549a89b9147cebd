using Hoist.Init.Logging;
using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class StopTests : IDisposable
{
    private readonly TempDirectory _directory = new("init");
    private InitRun? _run;

    [Fact]
    public async Task Stop_SigTerm_StopsServicesInReverseOrderAfterTheirStopCommands()
    {
        var order = _directory.Combine("order");
        ServicePlan Polite(string name) =>
            InitRun.Service(name, "sh", "-c", $"trap 'echo {name} >> {order}; exit 0' TERM; echo trapped; while :; do sleep 0.05; done");
        var spec = InitRun.Spec(_directory,
            Polite("a"),
            Polite("b") with { Stop = [new CommandPlan { Exec = ["sh", "-c", $"echo stop-b $MAINPID >> {order}"] }] },
            Polite("c"));
        _run = await InitRun.StartAsync(_directory, spec);
        var status = await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");
        await AllTrappedAsync("a", "b", "c");

        Assert.Equal(0, await _run.StopAsync());

        Assert.Equal(["c", $"stop-b {InitRun.Of(status, "b").Pid}", "b", "a"], File.ReadAllLines(order));
        var stopped = _run.Status()!;
        Assert.Equal(AppStates.Stopped, stopped.State);
        Assert.All(stopped.Services, s => Assert.Equal((ServiceStates.Stopped, (int?)null), (s.State, s.Pid)));
        Assert.Contains("hoist-init: stopped test", _run.Log());
    }

    [Fact]
    public async Task Stop_ServiceIgnoresSigTerm_KilledAfterStopTimeout()
    {
        var spec = InitRun.Spec(_directory,
            InitRun.Service("stubborn", "sh", "-c", "trap '' TERM; echo trapped; while :; do sleep 0.05; done") with { StopTimeoutSeconds = 1 });
        _run = await InitRun.StartAsync(_directory, spec);
        await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");
        await AllTrappedAsync("stubborn");

        Assert.Equal(0, await _run.StopAsync());

        var log = _run.Log();
        Assert.Contains("stubborn: did not stop within 1 s of SIGTERM; killed", log);
        var took = Time(log, "stubborn: stopped") - Time(log, "stubborn: stopping");
        Assert.InRange(took.TotalSeconds, 0.95, 4);
    }

    [Fact]
    public async Task Stop_SecondSignalDuringTheStop_DoesNotInterruptIt()
    {
        var spec = InitRun.Spec(_directory,
            InitRun.Service("first", "sleep", "300"),
            InitRun.Service("stubborn", "sh", "-c", "trap '' TERM; echo trapped; while :; do sleep 0.05; done") with { StopTimeoutSeconds = 1.5 });
        _run = await InitRun.StartAsync(_directory, spec);
        await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");
        await AllTrappedAsync("stubborn");

        _run.Signal(15);
        await _run.WaitForLogAsync("hoist-init", "stubborn: stopping");
        _run.Signal(2);

        Assert.Equal(0, await _run.WaitForExitAsync());
        var log = _run.Log();
        Assert.Contains("hoist-init: SIGINT while stopping: ignored", log);
        Assert.Contains("first: stopped", log);
        Assert.Equal(AppStates.Stopped, _run.Status()!.State);
    }

    /// <summary>Waits until the services' shells set their traps: a signal before that ends them at once.</summary>
    private async Task AllTrappedAsync(params string[] services)
    {
        foreach (var service in services)
        {
            await _run!.WaitForLogAsync(service, "trapped");
        }
    }

    private static DateTimeOffset Time(string log, string text)
    {
        var line = log.Split('\n').First(l => l.Contains(text, StringComparison.Ordinal));
        return LogLine.TryParse(line, out var time, out _, out _) ? time : throw new FormatException(line);
    }

    public void Dispose()
    {
        _run?.Dispose();
        _directory.Dispose();
    }
}
