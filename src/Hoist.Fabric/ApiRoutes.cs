namespace Hoist.Fabric;

/// <summary>The controller's routes (see docs/fabric.md, Routes), for the server and its clients.</summary>
public static class ApiRoutes
{
    public const string Health = "/healthz";
    public const string OpenApi = "/openapi/v1.json";

    public static string Register(string host) => $"/v1/agents/{Escape(host)}/register";

    public static string Heartbeat(string host) => $"/v1/agents/{Escape(host)}/heartbeat";

    /// <summary>The host's orders: those above <paramref name="after"/> at once, else waiting up to
    /// <paramref name="waitSeconds"/> for one (see docs/fabric.md).</summary>
    public static string Orders(string host, long after, int waitSeconds) => $"/v1/agents/{Escape(host)}/orders?after={after}&wait={waitSeconds}";

    public static string OrderResult(string host, long id) => $"/v1/agents/{Escape(host)}/orders/{id}/result";

    public const string Hosts = "/v1/hosts";

    public static string Host(string host) => $"/v1/hosts/{Escape(host)}";

    public static string Drain(string host) => $"/v1/hosts/{Escape(host)}/drain";

    public static string Resume(string host) => $"/v1/hosts/{Escape(host)}/resume";

    public static string Upgrade(string host) => $"/v1/hosts/{Escape(host)}/upgrade";

    public const string Deployments = "/v1/deployments";

    public const string DeploymentBatches = "/v1/deployments/batch";

    public const string Apps = "/v1/apps";

    public static string App(string app) => $"/v1/apps/{Escape(app)}";

    public static string Start(string app) => $"/v1/apps/{Escape(app)}/start";

    public static string Stop(string app) => $"/v1/apps/{Escape(app)}/stop";

    public static string Scale(string app) => $"/v1/apps/{Escape(app)}/scale";

    public static string Migrate(string app) => $"/v1/apps/{Escape(app)}/migrations";

    public const string Migrations = "/v1/migrations";

    public static string Migration(string id) => $"/v1/migrations/{Escape(id)}";

    public static string Events(long after, int limit) => $"/v1/events?after={after}&limit={limit}";

    public const string Library = "/v1/library";
    public const string LibraryItems = "/v1/library/items";
    public const string LibraryGc = "/v1/library/gc";

    public static string LibraryItem(string kind, string name, string? version) =>
        $"/v1/library/items/{Escape(kind)}/{Escape(name)}" + (version is null ? string.Empty : $"?version={Escape(version)}");

    public const string ChunksMissing = "/v1/chunks/missing";
    public const string Chunks = "/v1/chunks";
    public const string ChunksFetch = "/v1/chunks/fetch";

    public static string Recipe(string digest) => $"/v1/recipes/{Escape(digest)}";

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
