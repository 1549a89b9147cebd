using System.Text.Json;
using System.Text.RegularExpressions;
using Hoist.Controller.Tests.Testing;
using Hoist.Fabric;

namespace Hoist.Controller.Tests.Http;

public sealed partial class OpenApiTests
{
    /// <summary>Every route of ApiRoutes, with its method, and X for each parameter.</summary>
    private static readonly (string Method, string Path)[] Routes =
    [
        ("post", ApiRoutes.Register("X")), ("post", ApiRoutes.Heartbeat("X")), ("get", ApiRoutes.Orders("X", 0, 0)), ("post", ApiRoutes.OrderResult("X", 1)),
        ("get", ApiRoutes.Hosts), ("get", ApiRoutes.Host("X")), ("post", ApiRoutes.Drain("X")), ("post", ApiRoutes.Resume("X")), ("post", ApiRoutes.Upgrade("X")),
        ("post", ApiRoutes.Deployments), ("get", ApiRoutes.Apps), ("get", ApiRoutes.App("X")), ("post", ApiRoutes.Start("X")), ("post", ApiRoutes.Stop("X")),
        ("delete", ApiRoutes.App("X")), ("post", ApiRoutes.Scale("X")), ("post", ApiRoutes.Migrate("X")), ("get", ApiRoutes.Migrations), ("get", ApiRoutes.Migration("X")),
        ("get", ApiRoutes.Events(0, 1)), ("get", ApiRoutes.Library), ("post", ApiRoutes.LibraryItems), ("delete", ApiRoutes.LibraryItem("X", "X", null)),
        ("post", ApiRoutes.LibraryGc), ("get", ApiRoutes.LibraryItem("X", "X", "1")), ("post", ApiRoutes.ChunksMissing), ("post", ApiRoutes.Chunks),
        ("post", ApiRoutes.ChunksFetch), ("put", ApiRoutes.Recipe("X")), ("get", ApiRoutes.Recipe("X")), ("get", ApiRoutes.Health),
    ];

    [Fact]
    public async Task OpenApi_EveryRouteOfApiRoutes_Described()
    {
        var described = await DescribedAsync();

        var missing = Routes.Select(r => (r.Method, Path: Normalize(r.Path))).Where(r => !described.Contains(r)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public async Task OpenApi_EveryRouteOfTheDocs_Described()
    {
        var described = await DescribedAsync();
        var documented = DocumentedRoutes();

        Assert.True(documented.Count >= 28, $"found only {documented.Count} routes in docs/fabric.md");
        var undescribed = documented.Where(r => !described.Contains(r)).ToList();
        var undocumented = described.Where(r => r.Path.StartsWith("/v1", StringComparison.Ordinal) && !documented.Contains(r)).ToList();
        Assert.Empty(undescribed);
        Assert.Empty(undocumented);
    }

    [Fact]
    public async Task OpenApi_Deployments_DescribesRequestAndResponseTypes()
    {
        await using var controller = await TestController.StartAsync();
        using var http = new HttpClient { BaseAddress = controller.Url };
        var text = await http.GetStringAsync(ApiRoutes.OpenApi);

        Assert.Contains("DeployRequest", text, StringComparison.Ordinal);
        Assert.Contains("DeployResult", text, StringComparison.Ordinal);
        Assert.Contains("MigrationView", text, StringComparison.Ordinal);
    }

    private static async Task<HashSet<(string Method, string Path)>> DescribedAsync()
    {
        await using var controller = await TestController.StartAsync();
        using var http = new HttpClient { BaseAddress = controller.Url };
        using var document = JsonDocument.Parse(await http.GetStringAsync(ApiRoutes.OpenApi));
        var described = new HashSet<(string, string)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                described.Add((method.Name, Normalize(path.Name)));
            }
        }

        return described;
    }

    /// <summary>The routes of docs/fabric.md's table: `METHOD /path`, and `/stop` after one (the same path
    /// with its last segment replaced).</summary>
    private static HashSet<(string Method, string Path)> DocumentedRoutes()
    {
        var docs = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "fabric.md"));
        var routes = new HashSet<(string, string)>();
        foreach (var line in docs.Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cell = line.Split('|')[1];
            string? method = null, last = null;
            foreach (Match token in Backticked().Matches(cell))
            {
                var parts = token.Groups[1].Value.Split(' ');
                if (parts.Length == 2 && parts[0] is "GET" or "POST" or "PUT" or "DELETE")
                {
                    (method, last) = (parts[0].ToLowerInvariant(), parts[1]);
                }
                else if (parts.Length == 1 && parts[0].StartsWith('/') && last is not null)
                {
                    last = last[..last.LastIndexOf('/')] + parts[0];
                }
                else
                {
                    continue;
                }

                routes.Add((method!, Normalize(last)));
            }
        }

        return routes;
    }

    private static string Normalize(string path) => Number().Replace(Parameter().Replace(path.Split('?')[0].TrimEnd('/'), "X"), "/X");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Hoist.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("the repository's root (Hoist.slnx) is not above the tests");
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"/[0-9]+(?=/|$)")]
    private static partial Regex Number();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
