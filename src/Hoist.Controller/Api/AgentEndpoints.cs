using Hoist.Controller.Agents;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Api;

/// <summary>The agents' routes: register, heartbeat, orders long poll, results.</summary>
internal static class AgentEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var agents = app.MapGroup("/v1/agents/{host}").WithTags("agents");
        agents.MapPost("/register", (string host, AgentRegistration registration, AgentService agents, CancellationToken cancellationToken) =>
                agents.RegisterAsync(host, registration, cancellationToken))
            .WithSummary("An agent (re)announces its host; its apps' reports reconcile the controller's view");
        agents.MapPost("/heartbeat", (string host, AgentHeartbeat heartbeat, AgentService agents) => agents.Heartbeat(host, heartbeat))
            .WithSummary("Every second; Known=false asks the agent to register again");
        agents.MapGet("/orders", async (string host, AgentService agents, IHostApplicationLifetime lifetime, HttpContext context, long after = 0, int wait = 25) =>
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
                return await agents.PollAsync(host, after, TimeSpan.FromSeconds(Math.Max(0, wait)), stop.Token).ConfigureAwait(false);
            })
            .WithSummary("Long poll: the host's unreported orders above `after`, at once if any, else as soon as one is queued, else [] after `wait` seconds");
        agents.MapPost("/orders/{id:long}/result", (string host, long id, OrderResult result, AgentService agents) =>
            {
                agents.Report(host, id, result);
                return Results.NoContent();
            })
            .Produces(StatusCodes.Status204NoContent)
            .WithSummary("Reports an order done or failed; a repeated report is ignored");
    }
}
