using System.Globalization;
using Hoist.Init.Logging;
using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class RestartTests : IDisposable
{
    private readonly TempDirectory _directory = new("init");
    private InitRun? _run;

    [Fact]
    public async Task Supervise_ServiceExitsAtOnce_RestartsWithGrowingDelaysThenCrashLoops()
    {
        var spec = InitRun.Spec(_directory, InitRun.Service("x", "sh", "-c", "echo boom >&2; exit 3")) with
        {
            Restart = new RestartPolicy { InitialDelayMilliseconds = 50, MaxDelayMilliseconds = 400, CrashLoopFailures = 5, CrashLoopWindowSeconds = 60 },
        };
        _run = await InitRun.StartAsync(_directory, spec);

        var status = await _run.WaitForStatusAsync(s => InitRun.Of(s, "x").State == ServiceStates.CrashLooping, "x crash-looping");

        var x = InitRun.Of(status, "x");
        Assert.Equal(3, x.LastExitCode);
        Assert.True(x.Restarts >= 4, $"{x.Restarts} restarts");
        Assert.Matches(@"^crash-looping: \d+ failures in 60 s; exited with code 3; restarting in 0.4 s$", x.Message);
        Assert.Equal(AppStates.Degraded, status.State);
        Assert.StartsWith("x: crash-looping", status.Message);
        var log = await _run.WaitForLogAsync("hoist-init", "x: crash-looping: 5 failures in 60 s");
        Assert.Equal([0.05, 0.1, 0.2, 0.4, 0.4], Delays(log).Take(5));
        var starts = Times(log, "x: started").ToList();
        Assert.True(starts[4] - starts[3] >= TimeSpan.FromMilliseconds(390), $"the fourth restart came too soon\n{log}");
        Assert.Contains("err boom", _run.Log("x"));
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Supervise_RestartNo_ServicesEndForGoodAndInitStaysUp()
    {
        var spec = InitRun.Spec(_directory,
            InitRun.Service("done", "true") with { Restart = "no" },
            InitRun.Service("broken", "sh", "-c", "exit 2") with { Restart = "no" },
            InitRun.Service("crashed", "sh", "-c", "kill -9 $$$$") with { Restart = "no" });
        _run = await InitRun.StartAsync(_directory, spec);

        var status = await _run.WaitForStatusAsync(
            s => s.Services.All(v => v.State is ServiceStates.Exited or ServiceStates.Failed), "every service ended");

        Assert.Equal(ServiceStates.Exited, InitRun.Of(status, "done").State);
        Assert.Equal(ServiceStates.Failed, InitRun.Of(status, "broken").State);
        Assert.Equal("exited with code 2", InitRun.Of(status, "broken").Message);
        Assert.Equal(9, InitRun.Of(status, "crashed").LastSignal);
        Assert.Equal(AppStates.Degraded, status.State);
        await Task.Delay(500);
        Assert.False(_run.HasExited, "hoist-init exited when its services ended; as pid 1 that ends the container");
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Supervise_OnFailureAfterCleanExit_NotRestarted()
    {
        var spec = InitRun.Spec(_directory, InitRun.Service("job", "sh", "-c", "echo did it") with { Restart = "on-failure" });
        _run = await InitRun.StartAsync(_directory, spec);

        var status = await _run.WaitForStatusAsync(s => InitRun.Of(s, "job").State == ServiceStates.Exited, "job exited");

        Assert.Equal(0, InitRun.Of(status, "job").Restarts);
        Assert.Equal(AppStates.Running, status.State);
        Assert.Contains("job: exited with code 0; not restarted (Restart=on-failure)", _run.Log());
        Assert.Equal(0, await _run.StopAsync());
    }

    /// <summary>The delays of the "restarting in D s" lines, in order.</summary>
    private static IEnumerable<double> Delays(string log) =>
        log.Split('\n').Where(l => l.Contains("; restarting in ", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split("; restarting in ")[1].Split(' ')[0], CultureInfo.InvariantCulture));

    private static IEnumerable<DateTimeOffset> Times(string log, string text) =>
        log.Split('\n').Where(l => l.Contains(text, StringComparison.Ordinal))
            .Select(l => LogLine.TryParse(l, out var time, out _, out _) ? time : throw new FormatException(l));

    public void Dispose()
    {
        _run?.Dispose();
        _directory.Dispose();
    }
}
