using System.Net;
using Hoist.Supervision;

namespace Hoist.Init.Readiness;

/// <summary>Repeats the readiness check of a <see cref="ReadinessPlan"/> until it passes, the main process
/// ends, or the plan's timeout runs out: a port every millisecond (a connection to a loopback port that
/// nobody listens on is refused at once, so polling costs little; see <see cref="PortWatch"/>), an HTTP
/// GET every 100 ms, a command every 200 ms.</summary>
internal static class ReadinessWaiter
{
    /// <summary>Waits as described; <paramref name="runCheck"/> runs the plan's command once (as the
    /// service's user) and says whether it exited 0. Throws OperationCanceledException on cancellation.</summary>
    public static async Task<ReadinessResult> WaitAsync(
        ReadinessPlan plan, Func<TimeSpan, CancellationToken, Task<bool>> runCheck, Task mainExited, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(plan.TimeoutSeconds);
        if (plan.Port is { } literalPort && IPAddress.TryParse((plan.Address ?? "127.0.0.1").Trim('[', ']'), out var ip))
        {
            return await PortWatch.WaitAsync(new IPEndPoint(ip, literalPort), deadline, mainExited, time, cancellationToken).ConfigureAwait(false);
        }

        var (check, interval) = Check(plan, runCheck);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (mainExited.IsCompleted)
            {
                return ReadinessResult.MainEnded;
            }

            var left = deadline - time.GetUtcNow();
            if (await check(left, cancellationToken).ConfigureAwait(false))
            {
                return mainExited.IsCompleted ? ReadinessResult.MainEnded : ReadinessResult.Ready;
            }

            if (time.GetUtcNow() >= deadline)
            {
                return ReadinessResult.TimedOut;
            }

            await Task.WhenAny(Task.Delay(interval, time, cancellationToken), mainExited).ConfigureAwait(false);
        }
    }

    private static (Func<TimeSpan, CancellationToken, Task<bool>> Check, TimeSpan Interval) Check(
        ReadinessPlan plan, Func<TimeSpan, CancellationToken, Task<bool>> runCheck)
    {
        if (plan.Port is { } port)
        {
            // A host name (an address literal has its PortWatch). .NET's timers make the 2 ms about 4.5.
            var address = plan.Address ?? "127.0.0.1";
            return ((_, token) => ReadinessProbes.ConnectAsync(address, port, token), TimeSpan.FromMilliseconds(2));
        }

        if (plan.Http is { } http)
        {
            var url = new Uri(http);
            return ((_, token) => ReadinessProbes.GetAsync(url, token), TimeSpan.FromMilliseconds(100));
        }

        return (runCheck, TimeSpan.FromMilliseconds(200));
    }
}
