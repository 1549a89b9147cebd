using Hoist.Content.Storage;
using Hoist.Controller.Agents;
using Hoist.Controller.Api;
using Hoist.Controller.Apps;
using Hoist.Controller.Events;
using Hoist.Controller.Hosts;
using Hoist.Controller.Http;
using Hoist.Controller.Library;
using Hoist.Controller.Migrations;
using Hoist.Controller.Model;
using Hoist.Controller.Orders;
using Hoist.Controller.Store;
using Hoist.Core.Errors;
using Hoist.Fabric;

namespace Hoist.Controller;

/// <summary>
/// The controller as an ASP.NET Core app: its services, its pipeline (problem details, then the token,
/// then the routes of docs/fabric.md) and its workers. <see cref="Build"/> opens the home (controller.db,
/// its schema, the token, chunks and recipes) and loads the fabric into memory; the caller runs the app
/// (`hoist-controller serve`) or starts it in-process (the tests, on 127.0.0.1:0).
/// </summary>
public static class ControllerApp
{
    /// <summary>Builds the controller for <paramref name="options"/>. Throws <see cref="HoistException"/>
    /// when its home cannot be used (a damaged database, one of a newer controller, an empty token file).</summary>
    public static WebApplication Build(ControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var home = Path.GetFullPath(options.Home);
        Directory.CreateDirectory(home);
        var database = new ControllerDatabase(Path.Combine(home, "controller.db"));
        database.EnsureSchema();
        var token = new ControllerToken(options.Token ?? TokenFile.LoadOrCreate(home));

        // The content root is the program's directory, and configuration files are not watched: a watcher on
        // the home would wake at every write of the database and the chunk store.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = "hoist-controller",
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.UseUrls([.. options.Listen]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 8L << 30);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, FabricJson.Default);
            json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Hoist controller";
            document.Info.Description = "The fabric manager's REST API (docs/fabric.md). Every /v1 route needs 'Authorization: Bearer TOKEN'.";
            return Task.CompletedTask;
        }));
        AddServices(builder.Services, options, database, token, home);

        var app = builder.Build();
        StateLoader.Load(database, app.Services.GetRequiredService<FabricState>(), options.Time, app.Services.GetRequiredService<ILogger<FabricState>>());
        app.UseMiddleware<ProblemMiddleware>();
        app.UseMiddleware<TokenAuthentication>();
        app.MapGet(ApiRoutes.Health, () => Results.Text("ok\n")).WithTags("health").WithSummary("Open: answers while the controller runs");
        app.MapOpenApi();
        AgentEndpoints.Map(app);
        HostEndpoints.Map(app);
        AppEndpoints.Map(app);
        EventEndpoints.Map(app);
        LibraryEndpoints.Map(app);
        ChunkEndpoints.Map(app);
        app.MapFallback((HttpContext context) => Task.FromException(HoistException.NotFound($"the controller has no route {context.Request.Method} {context.Request.Path}", "see /openapi/v1.json")))
            .ExcludeFromDescription();
        return app;
    }

    private static void AddServices(IServiceCollection services, ControllerOptions options, ControllerDatabase database, ControllerToken token, string home)
    {
        services.AddSingleton(options);
        services.AddSingleton(options.Time);
        services.AddSingleton(database);
        services.AddSingleton(token);
        services.AddSingleton<StoreWriter>();
        services.AddSingleton<FabricState>();
        services.AddSingleton<EventLog>();
        services.AddSingleton<OrderBook>();
        services.AddSingleton<AppReports>();
        services.AddSingleton<DrainTracker>();
        services.AddSingleton<OrderEffects>();
        services.AddSingleton<Reconciler>();
        services.AddSingleton<AgentService>();
        services.AddSingleton<Deployer>();
        services.AddSingleton<AppOperations>();
        services.AddSingleton<Scaler>();
        services.AddSingleton(new ChunkStore(Path.Combine(home, "chunks"), syncEachChunk: false));
        services.AddSingleton(new RecipeStore(Path.Combine(home, "recipes")));
        services.AddSingleton<LibraryService>();
        services.AddSingleton<ChunkService>();
        services.AddSingleton<GarbageCollector>();
        services.AddSingleton<MigrationWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<MigrationWorker>());
        services.AddSingleton<MigrationPlanner>();
        services.AddSingleton<UpgradeWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<UpgradeWorker>());
        services.AddSingleton<HostOperations>();
        services.AddSingleton<HostMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<HostMonitor>());
    }
}
