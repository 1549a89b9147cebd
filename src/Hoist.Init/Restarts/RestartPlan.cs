namespace Hoist.Init.Restarts;

/// <summary>What follows a failure: wait <see cref="Delay"/>, then start again. <see cref="Failures"/> is
/// how many failures fell within the crash-loop window, this one included.</summary>
internal sealed record RestartPlan(TimeSpan Delay, bool CrashLooping, int Failures);
