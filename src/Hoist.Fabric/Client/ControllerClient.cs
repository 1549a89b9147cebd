using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Hoist.Core.Errors;
using Hoist.Fabric.Api;

namespace Hoist.Fabric.Client;

/// <summary>
/// Talks to a controller's REST API (docs/fabric.md, Routes). Every failure is a <see cref="HoistException"/>:
/// the controller's problem details come back as the kind and message it gave; a controller that cannot be
/// reached is <see cref="ErrorKind.Unavailable"/>; a refused token is <see cref="ErrorKind.FailedPrecondition"/>.
/// Thread-safe; one per process is enough.
/// </summary>
public sealed class ControllerClient : IDisposable
{
    private readonly HttpClient _http;

    public ControllerClient(ControllerContext context, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        Context = context;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3), PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = context.Url,
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", context.Token);
    }

    public ControllerContext Context { get; }

    /// <summary>The client's HTTP client, for streaming calls (chunk transfer).</summary>
    public HttpClient Http => _http;

    public Task<HostView> RegisterAsync(AgentRegistration registration, CancellationToken cancellationToken) =>
        PostAsync(ApiRoutes.Register(registration.Name), registration, FabricJson.Default.AgentRegistration, FabricJson.Default.HostView, cancellationToken);

    public Task<HeartbeatReply> HeartbeatAsync(string host, AgentHeartbeat heartbeat, CancellationToken cancellationToken) =>
        PostAsync(ApiRoutes.Heartbeat(host), heartbeat, FabricJson.Default.AgentHeartbeat, FabricJson.Default.HeartbeatReply, cancellationToken);

    /// <summary>The host's orders not yet reported whose id is above <paramref name="after"/>, waiting up to
    /// <paramref name="waitSeconds"/> for one.</summary>
    public Task<IReadOnlyList<Order>> OrdersAsync(string host, long after, int waitSeconds, CancellationToken cancellationToken) =>
        GetAsync(ApiRoutes.Orders(host, after, waitSeconds), FabricJson.Default.IReadOnlyListOrder, cancellationToken);

    public Task ReportAsync(string host, long order, OrderResult result, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, ApiRoutes.OrderResult(host, order), JsonContent.Create(result, FabricJson.Default.OrderResult), cancellationToken);

    public Task<IReadOnlyList<HostView>> HostsAsync(CancellationToken cancellationToken) =>
        GetAsync(ApiRoutes.Hosts, FabricJson.Default.IReadOnlyListHostView, cancellationToken);

    public Task<HostView> HostAsync(string host, CancellationToken cancellationToken) =>
        GetAsync(ApiRoutes.Host(host), FabricJson.Default.HostView, cancellationToken);

    public Task<DrainResult> DrainAsync(string host, CancellationToken cancellationToken) =>
        PostAsync(ApiRoutes.Drain(host), FabricJson.Default.DrainResult, cancellationToken);

    public Task<HostView> ResumeAsync(string host, CancellationToken cancellationToken) =>
        PostAsync(ApiRoutes.Resume(host), FabricJson.Default.HostView, cancellationToken);

    public Task<HostView> UpgradeAsync(string host, UpgradeRequest request, CancellationToken cancellationToken) =>
        PostAsync(ApiRoutes.Upgrade(host), request, FabricJson.Default.UpgradeRequest, FabricJson.Default.HostView, cancellationToken);

    public Task<DeployResult> DeployAsync(DeployRequest request, CancellationToken cancellationToken) =>
        PostAsync(ApiRoutes.Deployments, request, FabricJson.Default.DeployRequest, FabricJson.Default.DeployResult, cancellationToken);

    public Task<DeployBatchResult> DeployBatchAsync(DeployBatchRequest request, CancellationToken cancellationToken) =>
        PostAsync(ApiRoutes.DeploymentBatches, request, FabricJson.Default.DeployBatchRequest, FabricJson.Default.DeployBatchResult, cancellationToken);

    public Task<IReadOnlyList<AppView>> AppsAsync(CancellationToken cancellationToken) =>
        GetAsync(ApiRoutes.Apps, FabricJson.Default.IReadOnlyListAppView, cancellationToken);

    public Task<AppView> AppAsync(string app, CancellationToken cancellationToken) =>
        GetAsync(ApiRoutes.App(app), FabricJson.Default.AppView, cancellationToken);

    public Task<AppView> StartAsync(string app, CancellationToken cancellationToken) =>
        PostAsync(ApiRoutes.Start(app), FabricJson.Default.AppView, cancellationToken);

    public Task<AppView> StopAsync(string app, CancellationToken cancellationToken) =>
        PostAsync(ApiRoutes.Stop(app), FabricJson.Default.AppView, cancellationToken);

    public Task RemoveAsync(string app, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, ApiRoutes.App(app), null, cancellationToken);

    public Task<ScaleResult> ScaleAsync(string app, ScaleRequest request, CancellationToken cancellationToken) =>
        PostAsync(ApiRoutes.Scale(app), request, FabricJson.Default.ScaleRequest, FabricJson.Default.ScaleResult, cancellationToken);

    public Task<MigrationView> MigrateAsync(string app, MigrateRequest request, CancellationToken cancellationToken) =>
        PostAsync(ApiRoutes.Migrate(app), request, FabricJson.Default.MigrateRequest, FabricJson.Default.MigrationView, cancellationToken);

    public Task<MigrationView> MigrationAsync(string id, CancellationToken cancellationToken) =>
        GetAsync(ApiRoutes.Migration(id), FabricJson.Default.MigrationView, cancellationToken);

    public Task<IReadOnlyList<MigrationView>> MigrationsAsync(CancellationToken cancellationToken) =>
        GetAsync(ApiRoutes.Migrations, FabricJson.Default.IReadOnlyListMigrationView, cancellationToken);

    public Task<IReadOnlyList<EventView>> EventsAsync(long after, int limit, CancellationToken cancellationToken) =>
        GetAsync(ApiRoutes.Events(after, limit), FabricJson.Default.IReadOnlyListEventView, cancellationToken);

    public Task<LibraryListing> LibraryAsync(CancellationToken cancellationToken) =>
        GetAsync(ApiRoutes.Library, FabricJson.Default.LibraryListing, cancellationToken);

    public Task<LibraryItemView> LibraryItemAsync(string kind, string name, string? version, CancellationToken cancellationToken) =>
        GetAsync(ApiRoutes.LibraryItem(kind, name, version), FabricJson.Default.LibraryItemView, cancellationToken);

    public Task<LibraryItemView> AddLibraryItemAsync(LibraryItemRequest request, CancellationToken cancellationToken) =>
        PostAsync(ApiRoutes.LibraryItems, request, FabricJson.Default.LibraryItemRequest, FabricJson.Default.LibraryItemView, cancellationToken);

    public Task RemoveLibraryItemAsync(string kind, string name, string? version, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, ApiRoutes.LibraryItem(kind, name, version), null, cancellationToken);

    public Task<GcResult> CollectGarbageAsync(CancellationToken cancellationToken) =>
        PostAsync(ApiRoutes.LibraryGc, FabricJson.Default.GcResult, cancellationToken);

    /// <summary>Which of <paramref name="digests"/> the controller lacks.</summary>
    public async Task<IReadOnlyList<string>> MissingChunksAsync(IReadOnlyList<string> digests, CancellationToken cancellationToken) =>
        (await PostAsync(ApiRoutes.ChunksMissing, new DigestList { Digests = digests }, FabricJson.Default.DigestList, FabricJson.Default.DigestList, cancellationToken).ConfigureAwait(false)).Digests;

    /// <summary>Stores a recipe (its JSON bytes) under its digest.</summary>
    public Task PutRecipeAsync(string digest, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        var content = new ReadOnlyMemoryContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return SendAsync(HttpMethod.Put, ApiRoutes.Recipe(digest), content, cancellationToken);
    }

    public async Task<byte[]> GetRecipeAsync(string digest, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Recipe(digest)), HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the controller answers its health check within a second.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            using var response = await _http.GetAsync(ApiRoutes.Health, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async Task<T> GetAsync<T>(string route, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Get, route), HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, type, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TResult> PostAsync<TBody, TResult>(string route, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TResult> resultType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = JsonContent.Create(body, bodyType) };
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, resultType, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TResult> PostAsync<TResult>(string route, JsonTypeInfo<TResult> resultType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route);
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, resultType, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAsync(HttpMethod method, string route, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, route) { Content = content };
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a request and returns a successful response; any other answer, or none, throws
    /// (see the class's summary). The caller disposes the response.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw HoistException.Unavailable($"the controller at {Context.Url} does not answer: {e.Message}", "is it running? ('hoist lab status', or 'hoist controller serve')");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw HoistException.Unavailable($"the controller at {Context.Url} did not answer {request.Method} {request.RequestUri} within {_http.Timeout.TotalSeconds:0} s");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemOfAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _http.Dispose();

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
                ?? throw HoistException.Unavailable($"the controller answered {response.RequestMessage?.RequestUri} with nothing");
        }
        catch (JsonException e)
        {
            throw HoistException.Unavailable($"the controller's answer to {response.RequestMessage?.RequestUri} is not what this hoist understands: {e.Message}", "are the controller and this hoist the same version?");
        }
    }

    private async Task<HoistException> ProblemOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return HoistException.FailedPrecondition($"the controller at {Context.Url} refused the token", "use the token of the controller's home ('token' file), in HOIST_TOKEN or the context file");
        }

        Problem? problem = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            problem = text.Length > 0 ? JsonSerializer.Deserialize(text, FabricJson.Default.Problem) : null;
        }
        catch (JsonException)
        {
        }

        var status = (int)response.StatusCode;
        var kind = ErrorStatus.KindOf(problem?.Kind, status);
        var message = problem?.Title ?? $"the controller answered {status} {response.ReasonPhrase} to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}";
        return kind is { } known
            ? new HoistException(known, message, problem?.Hint) { Details = problem?.Detail is { } detail ? detail.Split('\n') : [] }
            : HoistException.Unavailable($"the controller failed: {message}", "its log says more ('hoist lab status' shows where it is)");
    }
}
