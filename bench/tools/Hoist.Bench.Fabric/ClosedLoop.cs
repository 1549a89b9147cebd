using System.Diagnostics;

namespace Hoist.Bench.Fabric;

/// <summary>Runs <c>count</c> requests with <c>concurrency</c> workers, each sending its next request as
/// soon as its last one is answered: the throughput of a batch job (the deployments).</summary>
internal static class ClosedLoop
{
    /// <summary>Sends requests 0..count-1 through <paramref name="send"/>; a request that throws counts as an
    /// error (the first message is kept). Latencies are from each request's start.</summary>
    public static async Task<Latencies> RunAsync(int count, int concurrency, Func<int, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var latencies = new double[count];
        var next = -1;
        var errors = 0;
        string? firstError = null;
        var start = Stopwatch.GetTimestamp();
        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var begun = Stopwatch.GetTimestamp();
                try
                {
                    await send(i, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}", null);
                }

                latencies[i] = Stopwatch.GetElapsedTime(begun).TotalMilliseconds;
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync, cancellationToken))).ConfigureAwait(false);
        return new Latencies(count, errors, firstError, Stopwatch.GetElapsedTime(start).TotalSeconds, latencies);
    }
}
