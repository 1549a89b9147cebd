using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Hoist.Bench.Fabric;

/// <summary>
/// The peer's API: etcd's v3 JSON gateway (grpc-gateway in front of its KV service), POST /v3/kv/put and
/// /v3/kv/range with base64 keys and values. One per simulated agent (its own connection, as each
/// agent has its own to the controller), or one shared by the readers. A reply other than 200 throws.
/// </summary>
internal sealed class EtcdGateway : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    public EtcdGateway(Uri url) =>
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3), PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Puts <paramref name="value"/> under <paramref name="key"/>.</summary>
    public Task PutAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        PostAsync("/v3/kv/put", Body(w =>
        {
            w.WriteBase64String("key", Encoding.UTF8.GetBytes(key));
            w.WriteBase64String("value", value.Span);
        }), cancellationToken);

    /// <summary>Puts every pair in one transaction (etcd takes 128 operations in one by default).</summary>
    public Task PutAllAsync(IReadOnlyList<(string Key, ReadOnlyMemory<byte> Value)> puts, CancellationToken cancellationToken) =>
        PostAsync("/v3/kv/txn", Body(w =>
        {
            w.WriteStartArray("success");
            foreach (var (key, value) in puts)
            {
                w.WriteStartObject();
                w.WriteStartObject("request_put");
                w.WriteBase64String("key", Encoding.UTF8.GetBytes(key));
                w.WriteBase64String("value", value.Span);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }), cancellationToken);

    /// <summary>Reads <paramref name="key"/>, or with <paramref name="prefix"/> every key that starts with it.</summary>
    public Task RangeAsync(string key, bool prefix, CancellationToken cancellationToken) =>
        PostAsync("/v3/kv/range", Body(w =>
        {
            var bytes = Encoding.UTF8.GetBytes(key);
            w.WriteBase64String("key", bytes);
            if (prefix)
            {
                // range_end = the prefix with its last byte plus one: every key that starts with it.
                bytes[^1]++;
                w.WriteBase64String("range_end", bytes);
            }
        }), cancellationToken);

    public void Dispose() => _http.Dispose();

    private static byte[] Body(Action<Utf8JsonWriter> fields)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            fields(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async Task PostAsync(string route, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync(route, content, cancellationToken).ConfigureAwait(false);
        var reply = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"etcd answered {(int)response.StatusCode} to {route}: {Encoding.UTF8.GetString(reply.AsSpan(0, Math.Min(reply.Length, 200)))}");
        }
    }
}
