namespace Hoist.Controller.Model;

/// <summary>Wakes whoever waits for "something changed": <see cref="Next"/> completes at the next
/// <see cref="Pulse"/>. Take <see cref="Next"/> under the same lock as the state it guards, then await it
/// outside, so that no pulse between the check and the wait is lost.</summary>
internal sealed class Signal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
