using System.Diagnostics;
using System.Net.Sockets;
using Hoist.Core.Errors;

namespace Hoist.Cli.Demo;

/// <summary>
/// A client that keeps writing to a redis app wherever it runs: key:0, key:1, ... one at a time, each
/// retried until acknowledged (reconnecting, after asking where the app is now, when its connection
/// fails), so that the writes acknowledged are exactly key:0 .. key:N-1. It measures the longest time
/// between two acknowledgements: the outage as a client saw it.
/// </summary>
internal sealed class WriteLoad
{
    private readonly Func<CancellationToken, Task<(string Address, int Port)>> _locate;
    private readonly string _salt = Guid.NewGuid().ToString("n")[..8];
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    /// <param name="locate">Where the app answers now (asked at the start and after each failure).</param>
    public WriteLoad(Func<CancellationToken, Task<(string Address, int Port)>> locate) => _locate = locate;

    public string Salt => _salt;

    /// <summary>Writes acknowledged so far: key:0 .. key:Acknowledged-1.</summary>
    public int Acknowledged { get; private set; }

    /// <summary>Connections that failed and were made again.</summary>
    public int Reconnects { get; private set; }

    public TimeSpan LongestGap { get; private set; }

    public void Start() => _running = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Stops writing and returns once the last write is acknowledged or given up.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_running is not null)
        {
            await _running.ConfigureAwait(false);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var sinceAck = Stopwatch.StartNew();
        RedisClient? client = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    if (client is null)
                    {
                        var (address, port) = await _locate(cancellationToken).ConfigureAwait(false);
                        client = await RedisClient.ConnectAsync(address, port, cancellationToken).ConfigureAwait(false);
                    }

                    var index = Acknowledged;
                    var reply = await client.CallAsync(cancellationToken, "SET", $"key:{index}", $"value:{index}:{_salt}").ConfigureAwait(false);
                    if (reply != "+OK")
                    {
                        // -LOADING while the app reads its data at start, for instance: try again.
                        throw new IOException(reply);
                    }

                    Acknowledged++;
                    LongestGap = sinceAck.Elapsed > LongestGap ? sinceAck.Elapsed : LongestGap;
                    sinceAck.Restart();
                }
                catch (Exception e) when (e is IOException or SocketException or HoistException && !cancellationToken.IsCancellationRequested)
                {
                    if (client is not null)
                    {
                        await client.DisposeAsync().ConfigureAwait(false);
                        client = null;
                        Reconnects++;
                    }

                    await Task.Delay(10, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
