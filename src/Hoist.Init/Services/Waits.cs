namespace Hoist.Init.Services;

/// <summary>Waiting for a task with a time limit.</summary>
internal static class Waits
{
    /// <summary>True when <paramref name="task"/> completes within <paramref name="timeout"/> (null: no
    /// limit); false when the time ran out first. Throws OperationCanceledException on cancellation.</summary>
    public static async Task<bool> WithinAsync(Task task, TimeSpan? timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!task.IsCompleted)
        {
            var limit = timeout ?? Timeout.InfiniteTimeSpan;
            await Task.WhenAny(task, Task.Delay(limit, time, cancellationToken)).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return task.IsCompleted;
    }
}
