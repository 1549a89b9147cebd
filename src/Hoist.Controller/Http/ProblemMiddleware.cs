using Hoist.Core.Errors;

namespace Hoist.Controller.Http;

/// <summary>
/// The one place where failures become answers: a <see cref="HoistException"/> becomes the problem of its
/// kind; a request the API cannot read (bad JSON, a missing field) becomes InvalidArgument; anything else
/// is a 500 with a one-line title, its stack trace going to the log, never to the client.
/// </summary>
internal sealed class ProblemMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger _log;

    public ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> log)
    {
        _next = next;
        _log = log;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody reads an answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            var problem = e switch
            {
                HoistException hoist => ProblemWriter.Of(hoist),
                BadHttpRequestException bad => ProblemWriter.Of(HoistException.InvalidArgument(
                    $"the request cannot be read: {bad.InnerException?.Message ?? bad.Message}", "see the API's description at /openapi/v1.json")),
                _ => null,
            };
            if (problem is null)
            {
                _log.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
                problem = new Fabric.Api.Problem
                {
                    Title = $"internal error in {context.Request.Method} {context.Request.Path}: {e.GetType().Name}: {FirstLine(e.Message)}",
                    Status = StatusCodes.Status500InternalServerError,
                };
            }
            else if (problem.Status >= 500)
            {
                _log.LogWarning("{Method} {Path}: {Title}", context.Request.Method, context.Request.Path, problem.Title);
            }

            context.Response.Clear();
            await ProblemWriter.WriteAsync(context, problem).ConfigureAwait(false);
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
