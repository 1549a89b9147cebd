using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Hoist.Init.Readiness;
using Hoist.Supervision;

namespace Hoist.Init.Tests.Readiness;

public sealed class ReadinessWaiterTests
{
    private static readonly Func<TimeSpan, CancellationToken, Task<bool>> NoCommand = (_, _) => Task.FromResult(false);
    private static readonly Task Running = new TaskCompletionSource().Task;

    private static Task<ReadinessResult> WaitAsync(ReadinessPlan plan, Task? mainExited = null, Func<TimeSpan, CancellationToken, Task<bool>>? check = null) =>
        ReadinessWaiter.WaitAsync(plan, check ?? NoCommand, mainExited ?? Running, TimeProvider.System, CancellationToken.None);

    [Fact]
    public async Task WaitAsync_PortListening_Ready()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        var result = await WaitAsync(new ReadinessPlan { Port = ((IPEndPoint)listener.LocalEndpoint).Port, TimeoutSeconds = 5 });

        Assert.Equal(ReadinessResult.Ready, result);
    }

    [Fact]
    public async Task WaitAsync_PortListeningLater_ReadySoonAfter()
    {
        var port = FreePort();
        using var listener = new TcpListener(IPAddress.Loopback, port);
        var waiting = WaitAsync(new ReadinessPlan { Port = port, TimeoutSeconds = 5 });
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted, "ready before anything listened");

        listener.Start();
        var clock = Stopwatch.StartNew();

        Assert.Equal(ReadinessResult.Ready, await waiting);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 1);
    }

    [Fact]
    public async Task WaitAsync_PortCancelled_ThrowsOperationCanceled()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ReadinessWaiter.WaitAsync(new ReadinessPlan { Port = FreePort(), TimeoutSeconds = 10 }, NoCommand, Running, TimeProvider.System, cancel.Token));
    }

    [Fact]
    public async Task WaitAsync_PortNeverListening_TimedOutAfterTheTimeout()
    {
        var clock = Stopwatch.StartNew();

        var result = await WaitAsync(new ReadinessPlan { Port = FreePort(), TimeoutSeconds = 0.3 });

        Assert.Equal(ReadinessResult.TimedOut, result);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.29, 3);
    }

    [Fact]
    public async Task WaitAsync_MainEndsFirst_MainEnded()
    {
        var ended = Task.Delay(100);

        var result = await WaitAsync(new ReadinessPlan { Port = FreePort(), TimeoutSeconds = 10 }, ended);

        Assert.Equal(ReadinessResult.MainEnded, result);
    }

    [Fact]
    public async Task WaitAsync_CommandCheck_RepeatedUntilItPasses()
    {
        var calls = 0;

        var result = await WaitAsync(new ReadinessPlan { Exec = ["check"], TimeoutSeconds = 10 }, check: (_, _) => Task.FromResult(++calls == 3));

        Assert.Equal((ReadinessResult.Ready, 3), (result, calls));
    }

    [Theory]
    [InlineData("HTTP/1.1 204 No Content", true)]
    [InlineData("HTTP/1.0 302 Found", true)]
    [InlineData("HTTP/1.1 503 Service Unavailable", false)]
    public async Task WaitAsync_Http_ReadyOnSuccessOrRedirect(string statusLine, bool ready)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var server = ServeAsync(listener, statusLine, stop.Token);

        var result = await WaitAsync(new ReadinessPlan { Http = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/ready", TimeoutSeconds = 0.5 });

        await stop.CancelAsync();
        await server;
        Assert.Equal(ready ? ReadinessResult.Ready : ReadinessResult.TimedOut, result);
    }

    private static async Task ServeAsync(TcpListener listener, string statusLine, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(cancellationToken);
                var stream = client.GetStream();
                var request = new byte[1024];
                var read = await stream.ReadAsync(request, cancellationToken);
                Assert.StartsWith("GET /ready HTTP/1.1\r\n", Encoding.ASCII.GetString(request, 0, read));
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{statusLine}\r\nContent-Length: 0\r\n\r\n"), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
