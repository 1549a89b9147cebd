using System.Diagnostics;

namespace Hoist.Bench.Fabric;

/// <summary>
/// Sends requests on a fixed schedule, whatever the answers (open loop): request i is due at
/// start + i / rate, and its latency runs from that due time, not from when it was sent, so that a
/// server that falls behind (or a sender that could not keep up) shows as queueing, not as a slower
/// rate. The schedule is kept by sleeping until the next request is due (the timer wakes within a
/// millisecond or so) and sending whatever is due; how late each was sent is kept apart.
/// </summary>
internal static class OpenLoop
{
    private static readonly TimeSpan OneMillisecond = TimeSpan.FromMilliseconds(1);

    /// <summary>Sends <paramref name="rate"/> requests a second for <paramref name="duration"/> through
    /// <paramref name="send"/> (given the request's number); waits for the last answers (each request
    /// bounds its own time). A request that throws counts as an error with its latency kept.</summary>
    public static async Task<Latencies> RunAsync(double rate, TimeSpan duration, Func<int, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var count = (int)Math.Round(rate * duration.TotalSeconds);
        var latencies = new double[count];
        var lateness = new double[count];
        var inFlight = new Task[count];
        var errors = 0;
        string? firstError = null;
        var interval = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();

        async Task OneAsync(int i, long due)
        {
            try
            {
                await send(i, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref errors);
                Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}", null);
            }

            latencies[i] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
        }

        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                // Never early: a request sent before its time would shorten its own latency.
                await Task.Delay(wait < OneMillisecond ? OneMillisecond : wait, cancellationToken).ConfigureAwait(false);
            }

            lateness[i] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
            inFlight[i] = OneAsync(i, due);
        }

        var sent = Stopwatch.GetElapsedTime(start);
        await Task.WhenAll(inFlight).ConfigureAwait(false);
        return new Latencies(count, errors, firstError, sent.TotalSeconds, latencies) { Lateness = lateness };
    }
}
