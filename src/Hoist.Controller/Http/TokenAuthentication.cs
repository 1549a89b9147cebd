using System.Security.Cryptography;
using System.Text;
using Hoist.Controller.Events;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Http;

/// <summary>Every /v1 route needs "Authorization: Bearer TOKEN": a request without it, or with another
/// token, gets 401 and nothing is done; the refusal is an event. /healthz and /openapi are open.</summary>
internal sealed class TokenAuthentication
{
    private readonly RequestDelegate _next;
    private readonly byte[] _token;
    private readonly EventLog _events;

    public TokenAuthentication(RequestDelegate next, ControllerToken token, EventLog events)
    {
        _next = next;
        _token = Encoding.UTF8.GetBytes(token.Value);
        _events = events;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        var reason = !header.StartsWith("Bearer ", StringComparison.Ordinal) ? "no bearer token"
            : CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), _token) ? null
            : "a wrong token";
        if (reason is null)
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        _events.Add(EventKinds.AuthRefused, client, $"{context.Request.Method} {context.Request.Path} from {client} refused: {reason}");
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await ProblemWriter.WriteAsync(context, new Problem
        {
            Title = $"the controller refused the request: {reason}",
            Status = StatusCodes.Status401Unauthorized,
            Kind = nameof(Core.Errors.ErrorKind.FailedPrecondition),
            Hint = "send 'Authorization: Bearer TOKEN' with the token of the controller's home ('token' file)",
        }).ConfigureAwait(false);
    }
}
