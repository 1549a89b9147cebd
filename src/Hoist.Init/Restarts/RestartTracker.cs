using Hoist.Supervision;

namespace Hoist.Init.Restarts;

/// <summary>
/// Backoff and crash-loop accounting for one service. Each failure doubles the delay, from the policy's
/// initial delay up to its maximum. When <see cref="RestartPolicy.CrashLoopFailures"/> failures fall within
/// <see cref="RestartPolicy.CrashLoopWindowSeconds"/>, the service is crash-looping: it is still restarted,
/// at the maximum delay, and stays crash-looping until a run lasts longer than the window, which also
/// forgets the failures before it.
/// </summary>
internal sealed class RestartTracker(RestartPolicy policy, TimeProvider time)
{
    private readonly Queue<DateTimeOffset> _failures = new();
    private DateTimeOffset? _runStarted;
    private int _consecutive;
    private bool _crashLooping;

    private TimeSpan Window => TimeSpan.FromSeconds(policy.CrashLoopWindowSeconds);

    public bool CrashLooping => _crashLooping;

    /// <summary>A run starts (its main process was spawned).</summary>
    public void RunStarted() => _runStarted = time.GetUtcNow();

    /// <summary>A run ended and will be followed by another: counts the failure and says when to restart.</summary>
    public RestartPlan Failed()
    {
        var now = time.GetUtcNow();
        if (_runStarted is { } started && now - started > Window)
        {
            _failures.Clear();
            _consecutive = 0;
            _crashLooping = false;
        }

        _runStarted = null;
        _consecutive++;
        _failures.Enqueue(now);
        while (now - _failures.Peek() > Window)
        {
            _failures.Dequeue();
        }

        _crashLooping |= _failures.Count >= policy.CrashLoopFailures;
        return new RestartPlan(_crashLooping ? MaxDelay : Backoff(_consecutive), _crashLooping, _failures.Count);
    }

    private TimeSpan MaxDelay => TimeSpan.FromMilliseconds(Math.Max(policy.MaxDelayMilliseconds, 0));

    /// <summary>The delay after the <paramref name="failure"/>-th failure in a row (1-based).</summary>
    private TimeSpan Backoff(int failure)
    {
        var delay = Math.Max(policy.InitialDelayMilliseconds, 0) * Math.Pow(2, Math.Min(failure - 1, 30));
        return TimeSpan.FromMilliseconds(Math.Min(delay, MaxDelay.TotalMilliseconds));
    }
}
