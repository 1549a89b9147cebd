using Hoist.Controller.Library;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Api;

/// <summary>The routes of chunks and recipes. Chunk frames: 32 raw digest bytes, a 4-byte big-endian
/// length, the chunk's stored form.</summary>
internal static class ChunkEndpoints
{
    public const string Frames = "application/octet-stream";

    public static void Map(IEndpointRouteBuilder app)
    {
        var chunks = app.MapGroup("/v1/chunks").WithTags("chunks");
        chunks.MapPost("/missing", (DigestList digests, ChunkService chunks) => chunks.Missing(digests))
            .WithSummary("Which of these chunks the controller lacks");
        chunks.MapPost("/", (HttpRequest request, ChunkService chunks, CancellationToken cancellationToken) => chunks.UploadAsync(request.Body, cancellationToken))
            .Accepts<Stream>(Frames, "*/*")
            .Produces<UploadResult>()
            .WithSummary("Stores each chunk of the frames after checking its digest");
        chunks.MapPost("/fetch", async (DigestList digests, ChunkService chunks, HttpResponse response, CancellationToken cancellationToken) =>
            {
                await chunks.FetchAsync(digests, () =>
                {
                    response.ContentType = Frames;
                    return response.Body;
                }, cancellationToken).ConfigureAwait(false);
            })
            .Produces(StatusCodes.Status200OK, contentType: Frames)
            .WithSummary("The stored form of each chunk, in order, as frames");

        var recipes = app.MapGroup("/v1/recipes").WithTags("chunks");
        recipes.MapPut("/{digest}", async (string digest, HttpRequest request, ChunkService chunks, CancellationToken cancellationToken) =>
            {
                await chunks.PutRecipeAsync(digest, request.Body, cancellationToken).ConfigureAwait(false);
                return Results.NoContent();
            })
            .Accepts<Stream>("application/json", "*/*")
            .Produces(StatusCodes.Status204NoContent)
            .WithSummary("Keeps a recipe (blob or tree) once checked against its digest and parsed");
        recipes.MapGet("/{digest}", async (string digest, ChunkService chunks, CancellationToken cancellationToken) =>
                Results.Bytes(await chunks.GetRecipeAsync(digest, cancellationToken).ConfigureAwait(false), "application/json"))
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("A recipe's JSON");
    }
}
