using System.Net;
using System.Net.Sockets;

namespace Hoist.Init.Readiness;

/// <summary>
/// The readiness check of a port at an address literal, on a thread of its own: a connection attempt every
/// millisecond until one succeeds, the main process ends or the deadline passes. Not paced by .NET's
/// timers: they follow the kernel's coarse clock (4 ms with HZ=250), so that a check "every 2 ms" ran every
/// 4.5 ms (Task.Delay(2 ms) took a median 4.4 ms on the test VM) and a service's listen() was seen 1.5 to
/// 5 ms later (perf: listen to the status file's rename). A wait on a handle with a timeout is precise
/// (1.12 ms for 1 ms). A refused attempt on loopback costs about 60 µs (socket, connect, the exception).
/// </summary>
internal static class PortWatch
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(1);

    /// <summary>After the first 200 attempts (about a quarter of a second), a service that takes longer,
    /// a database replaying its log say, is checked every 10 ms: seen ready a few milliseconds later at
    /// most, for a tenth of the attempts.</summary>
    private const int QuickAttempts = 200;

    private static readonly TimeSpan SlowInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>A blocking connect gives up after this (SO_SNDTIMEO bounds connect on Linux); to a local
    /// address it ends within microseconds.</summary>
    private const int AttemptTimeoutMilliseconds = 1000;

    /// <summary>Ready, MainEnded or TimedOut, as <see cref="ReadinessWaiter.WaitAsync"/> says. Throws
    /// OperationCanceledException on cancellation.</summary>
    public static Task<ReadinessResult> WaitAsync(
        IPEndPoint endPoint, DateTimeOffset deadline, Task mainExited, TimeProvider time, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () => Wait(endPoint, deadline, mainExited, time, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private static ReadinessResult Wait(IPEndPoint endPoint, DateTimeOffset deadline, Task mainExited, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (mainExited.IsCompleted)
            {
                return ReadinessResult.MainEnded;
            }

            if (TryConnect(endPoint))
            {
                return mainExited.IsCompleted ? ReadinessResult.MainEnded : ReadinessResult.Ready;
            }

            if (time.GetUtcNow() >= deadline)
            {
                return ReadinessResult.TimedOut;
            }

            // A plain wait, woken by cancellation: Task.Wait(timeout) spins and yields first, which under
            // load let other threads keep the CPU for tens of milliseconds.
            cancellationToken.WaitHandle.WaitOne(attempt < QuickAttempts ? Interval : SlowInterval);
        }
    }

    private static bool TryConnect(IPEndPoint endPoint)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { SendTimeout = AttemptTimeoutMilliseconds };
        try
        {
            socket.Connect(endPoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
