using System.Text.Json;
using Hoist.Core.Errors;
using Hoist.Fabric;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Http;

/// <summary>Writes errors as problem details (RFC 9457, Fabric's <see cref="Problem"/>): title = the
/// message, kind = the error category, hint, status from <see cref="ErrorStatus.Of"/>.</summary>
internal static class ProblemWriter
{
    public const string ContentType = "application/problem+json";

    public static Problem Of(HoistException e) => new()
    {
        Title = e.Message,
        Status = ErrorStatus.Of(e.Kind),
        Kind = e.Kind.ToString(),
        Hint = e.Hint,
        Detail = e.Details.Count > 0 ? string.Join('\n', e.Details) : null,
    };

    public static async Task WriteAsync(HttpContext context, Problem problem)
    {
        context.Response.StatusCode = problem.Status;
        context.Response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, FabricJson.Default.Problem, context.RequestAborted).ConfigureAwait(false);
    }
}
