using Hoist.Controller.Hosts;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Api;

/// <summary>The hosts' routes: list, get, drain, resume, upgrade.</summary>
internal static class HostEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var hosts = app.MapGroup("/v1/hosts").WithTags("hosts");
        hosts.MapGet("/", (HostOperations hosts) => hosts.List()).WithSummary("Every host; its facts without the libraries its OS offers (GET /v1/hosts/{host} has them)");
        hosts.MapGet("/{host}", (string host, HostOperations hosts) => hosts.Get(host)).WithSummary("One host");
        hosts.MapPost("/{host}/drain", (string host, HostOperations hosts, CancellationToken cancellationToken) => hosts.DrainAsync(host, cancellationToken))
            .WithSummary("Migrates every app off (warm); the host then takes no app until resumed");
        hosts.MapPost("/{host}/resume", (string host, HostOperations hosts, CancellationToken cancellationToken) => hosts.ResumeAsync(host, cancellationToken))
            .WithSummary("The host takes apps again");
        hosts.MapPost("/{host}/upgrade", (string host, UpgradeRequest request, HostOperations hosts, CancellationToken cancellationToken) =>
                hosts.UpgradeAsync(host, request, cancellationToken))
            .WithSummary("Drain, reimage (order host.reimage), resume; returns at once");
    }
}
