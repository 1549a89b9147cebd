using Hoist.Controller.Events;
using Hoist.Core.Errors;

namespace Hoist.Controller.Api;

/// <summary>The event log's route.</summary>
internal static class EventEndpoints
{
    public const int MaxLimit = 10_000;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/events", (EventLog events, long after = 0, int limit = 100) =>
                limit is < 1 or > MaxLimit
                    ? throw HoistException.InvalidArgument($"limit {limit} is not between 1 and {MaxLimit}")
                    : events.After(after, limit))
            .WithTags("events").WithSummary("The event log after the id `after`, oldest first: every operation and its outcome");
    }
}
