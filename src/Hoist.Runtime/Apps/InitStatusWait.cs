using Hoist.Linux;

namespace Hoist.Runtime.Apps;

/// <summary>How a start waits between two reads of hoist-init's status file.</summary>
internal static class InitStatusWait
{
    /// <summary>
    /// Returns when hoist-init writes its status again (it replaces the file at each change), and at the
    /// latest after 20 ms, at the end of <paramref name="watch"/> or at <paramref name="timeout"/> (both
    /// counted from the start of the wait, <paramref name="elapsed"/> ago): a supervisor that exits writes
    /// nothing, and those ends are found by looking. Without a watch (no inotify), returns after 2 ms.
    /// </summary>
    public static async Task NextAsync(FileWatch? statusWatch, TimeSpan elapsed, TimeSpan timeout, TimeSpan watch, CancellationToken cancellationToken)
    {
        if (statusWatch is null)
        {
            await Task.Delay(2, cancellationToken).ConfigureAwait(false);
            return;
        }

        var wait = Min(TimeSpan.FromMilliseconds(20), timeout - elapsed);
        if (watch > elapsed)
        {
            wait = Min(wait, watch - elapsed);
        }

        await statusWatch.WaitAsync(wait > TimeSpan.FromMilliseconds(1) ? wait : TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
