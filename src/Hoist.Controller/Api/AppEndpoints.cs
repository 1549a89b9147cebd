using Hoist.Controller.Apps;
using Hoist.Controller.Migrations;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Api;

/// <summary>The apps' routes: deployments, list, get, start, stop, remove, scale, migrate; and migrations.</summary>
internal static class AppEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/deployments", (DeployRequest request, Deployer deployer, CancellationToken cancellationToken) => deployer.DeployAsync(request, cancellationToken))
            .WithTags("apps").WithSummary("Places and creates an app (and starts it); Explain or DryRun return every host's verdict");
        app.MapPost("/v1/deployments/batch", (DeployBatchRequest request, Deployer deployer, CancellationToken cancellationToken) => deployer.DeployBatchAsync(request, cancellationToken))
            .WithTags("apps").WithSummary("Places and creates several apps, each as one deployment would, in one write; all or none");

        var apps = app.MapGroup("/v1/apps").WithTags("apps");
        apps.MapGet("/", (AppOperations apps) => apps.List()).WithSummary("Every app");
        apps.MapGet("/{app}", (string app, AppOperations apps) => apps.Get(app)).WithSummary("One app");
        apps.MapPost("/{app}/start", (string app, AppOperations apps, CancellationToken cancellationToken) => apps.StartAsync(app, cancellationToken))
            .WithSummary("Orders the app started");
        apps.MapPost("/{app}/stop", (string app, AppOperations apps, CancellationToken cancellationToken) => apps.StopAsync(app, cancellationToken))
            .WithSummary("Orders the app stopped");
        apps.MapDelete("/{app}", async (string app, AppOperations apps, CancellationToken cancellationToken) =>
            {
                await apps.RemoveAsync(app, cancellationToken).ConfigureAwait(false);
                return Results.NoContent();
            })
            .Produces(StatusCodes.Status204NoContent)
            .WithSummary("Stops and removes the app and its state");
        apps.MapPost("/{app}/scale", (string app, ScaleRequest request, Scaler scaler, CancellationToken cancellationToken) => scaler.ScaleAsync(app, request, cancellationToken))
            .WithSummary("Instances of a package whose manifest allows several");
        apps.MapPost("/{app}/migrations", (string app, MigrateRequest request, MigrationPlanner planner, CancellationToken cancellationToken) =>
                planner.StartAsync(app, request, cancellationToken))
            .WithSummary("Starts a migration; returns at once");

        var migrations = app.MapGroup("/v1/migrations").WithTags("migrations");
        migrations.MapGet("/", (MigrationPlanner planner) => planner.List()).WithSummary("Every migration, newest first");
        migrations.MapGet("/{id}", (string id, MigrationPlanner planner) => planner.Get(id)).WithSummary("One migration: the CLI polls it for progress");
    }
}
