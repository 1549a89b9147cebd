using System.Buffers;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Hoist.Cli.Demo;

/// <summary>
/// Just enough of the Redis protocol (RESP) to write and read many keys quickly, pipelined, over one
/// TCP connection: what the demo and the tests use to prove that data survives. Every command is
/// acknowledged before the call returns; an acknowledged write is one redis answered +OK to.
/// </summary>
internal sealed class RedisClient : IAsyncDisposable
{
    private const int Batch = 1000;

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly BufferedStream _reader;

    private RedisClient(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new BufferedStream(_stream, 1 << 16);
    }

    public static async Task<RedisClient> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        return new RedisClient(client);
    }

    /// <summary>Sets key:0 .. key:N-1 to value:0 .. value:N-1 (with <paramref name="salt"/>); returns how
    /// many writes redis acknowledged.</summary>
    public async Task<int> WriteKeysAsync(int count, string salt, CancellationToken cancellationToken)
    {
        var acknowledged = 0;
        for (var start = 0; start < count; start += Batch)
        {
            var end = Math.Min(count, start + Batch);
            var request = new StringBuilder();
            for (var i = start; i < end; i++)
            {
                Command(request, "SET", Key(i), Value(i, salt));
            }

            await SendAsync(request, cancellationToken).ConfigureAwait(false);
            for (var i = start; i < end; i++)
            {
                acknowledged += await ReadLineAsync(cancellationToken).ConfigureAwait(false) == "+OK" ? 1 : 0;
            }
        }

        return acknowledged;
    }

    /// <summary>Reads key:0 .. key:N-1 back and returns how many hold exactly the value written.</summary>
    public async Task<int> CountIntactAsync(int count, string salt, CancellationToken cancellationToken)
    {
        var intact = 0;
        for (var start = 0; start < count; start += Batch)
        {
            var end = Math.Min(count, start + Batch);
            var request = new StringBuilder();
            for (var i = start; i < end; i++)
            {
                Command(request, "GET", Key(i));
            }

            await SendAsync(request, cancellationToken).ConfigureAwait(false);
            for (var i = start; i < end; i++)
            {
                intact += await ReadBulkAsync(cancellationToken).ConfigureAwait(false) == Value(i, salt) ? 1 : 0;
            }
        }

        return intact;
    }

    /// <summary>Sends one command and returns the first line of its answer (+OK, :123, -ERR ...).</summary>
    public async Task<string> CallAsync(CancellationToken cancellationToken, params string[] words)
    {
        var request = new StringBuilder();
        Command(request, words);
        await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadLineAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }

    private static string Key(int i) => string.Create(CultureInfo.InvariantCulture, $"key:{i}");

    private static string Value(int i, string salt) => string.Create(CultureInfo.InvariantCulture, $"value:{i}:{salt}");

    private static void Command(StringBuilder request, params string[] words)
    {
        request.Append(CultureInfo.InvariantCulture, $"*{words.Length}\r\n");
        foreach (var word in words)
        {
            request.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(word)}\r\n{word}\r\n");
        }
    }

    private async Task SendAsync(StringBuilder request, CancellationToken cancellationToken) =>
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellationToken).ConfigureAwait(false);

    private async Task<string?> ReadBulkAsync(CancellationToken cancellationToken)
    {
        var header = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (!header.StartsWith('$') || header == "$-1")
        {
            return null;
        }

        var length = int.Parse(header.AsSpan(1), CultureInfo.InvariantCulture);
        var buffer = ArrayPool<byte>.Shared.Rent(length + 2);
        try
        {
            await _reader.ReadExactlyAsync(buffer.AsMemory(0, length + 2), cancellationToken).ConfigureAwait(false);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await _reader.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new IOException("redis closed the connection");
            }

            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }
    }
}
