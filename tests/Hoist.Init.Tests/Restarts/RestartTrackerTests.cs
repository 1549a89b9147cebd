using Hoist.Init.Restarts;
using Hoist.Supervision;

namespace Hoist.Init.Tests.Restarts;

public sealed class RestartTrackerTests
{
    private readonly ManualTimeProvider _time = new();

    private static RestartPolicy Policy(int failures = 5) => new()
    {
        InitialDelayMilliseconds = 100,
        MaxDelayMilliseconds = 1000,
        CrashLoopFailures = failures,
        CrashLoopWindowSeconds = 60,
    };

    /// <summary>A run that starts now, lasts <paramref name="seconds"/> and fails.</summary>
    private static RestartPlan Fail(RestartTracker tracker, ManualTimeProvider time, double seconds = 0.01)
    {
        tracker.RunStarted();
        time.AdvanceSeconds(seconds);
        return tracker.Failed();
    }

    [Fact]
    public void Failed_FailuresInARow_DelayDoublesUpToTheMaximum()
    {
        var tracker = new RestartTracker(Policy(failures: 100), _time);

        var delays = Enumerable.Range(0, 6).Select(_ => Fail(tracker, _time).Delay.TotalMilliseconds).ToList();

        Assert.Equal([100, 200, 400, 800, 1000, 1000], delays);
    }

    [Fact]
    public void Failed_EnoughFailuresWithinTheWindow_CrashLoopingAtTheMaximumDelay()
    {
        var tracker = new RestartTracker(Policy(), _time);

        var plans = Enumerable.Range(0, 5).Select(_ => Fail(tracker, _time)).ToList();

        Assert.All(plans.Take(4), p => Assert.False(p.CrashLooping));
        Assert.Equal(new RestartPlan(TimeSpan.FromMilliseconds(1000), true, 5), plans[4]);
        Assert.True(tracker.CrashLooping);
    }

    [Fact]
    public void Failed_FailuresSpreadWiderThanTheWindow_NotCrashLooping()
    {
        var tracker = new RestartTracker(Policy(), _time);

        var plans = Enumerable.Range(0, 8).Select(_ =>
        {
            _time.AdvanceSeconds(20);
            return Fail(tracker, _time);
        }).ToList();

        Assert.All(plans, p => Assert.False(p.CrashLooping));
        Assert.Equal(3, plans[^1].Failures);
    }

    [Fact]
    public void Failed_CrashLooping_StaysSoUntilARunOutlastsTheWindow()
    {
        var tracker = new RestartTracker(Policy(), _time);
        for (var i = 0; i < 5; i++)
        {
            Fail(tracker, _time);
        }

        var later = Enumerable.Range(0, 4).Select(_ => Fail(tracker, _time, seconds: 25)).ToList();
        var afterLongRun = Fail(tracker, _time, seconds: 61);

        Assert.All(later, p => Assert.Equal((true, 1000.0), (p.CrashLooping, p.Delay.TotalMilliseconds)));
        Assert.Equal(new RestartPlan(TimeSpan.FromMilliseconds(100), false, 1), afterLongRun);
        Assert.False(tracker.CrashLooping);
    }

    [Fact]
    public void Failed_StartThatNeverRan_CountsWithoutResetting()
    {
        var tracker = new RestartTracker(Policy(), _time);
        Fail(tracker, _time);
        _time.AdvanceSeconds(100);

        var plan = tracker.Failed();

        Assert.Equal(TimeSpan.FromMilliseconds(200), plan.Delay);
        Assert.Equal(1, plan.Failures);
    }
}
