using System.Text.Json;
using Hoist.Core.Errors;
using Hoist.Core.Storage;

namespace Hoist.Fabric;

/// <summary>
/// Which controller the CLI talks to: HOIST_CONTROLLER (a URL) with HOIST_TOKEN, else the context file
/// $HOIST_HOME/context.json that `hoist lab up` writes. None of them: the CLI works locally, on this
/// machine's library and hosts.
/// </summary>
public sealed record ControllerContext(Uri Url, string Token)
{
    public const string UrlVariable = "HOIST_CONTROLLER";
    public const string TokenVariable = "HOIST_TOKEN";

    public static string FileOf(HoistHome home) => Path.Combine(home.Root, "context.json");

    /// <summary>The configured controller, or null when there is none. Throws
    /// <see cref="ErrorKind.InvalidArgument"/> for a malformed URL, a URL without a token, or a damaged
    /// context file.</summary>
    public static ControllerContext? Find(HoistHome home)
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        if (!string.IsNullOrWhiteSpace(url))
        {
            var token = Environment.GetEnvironmentVariable(TokenVariable);
            if (string.IsNullOrWhiteSpace(token))
            {
                throw HoistException.InvalidArgument($"{UrlVariable} is set but {TokenVariable} is not", "set HOIST_TOKEN to the controller's token (its home's 'token' file)");
            }

            return new ControllerContext(ParseUrl(url, UrlVariable), token.Trim());
        }

        var file = FileOf(home);
        if (!File.Exists(file))
        {
            return null;
        }

        ControllerContextFile? context;
        try
        {
            context = JsonSerializer.Deserialize(File.ReadAllText(file), FabricJson.Default.ControllerContextFile);
        }
        catch (JsonException e)
        {
            throw HoistException.InvalidArgument($"the context file {file} is damaged: {e.Message}", "remove it, or run 'hoist lab up' again");
        }

        return context is null ? null : new ControllerContext(ParseUrl(context.Controller, file), context.Token);
    }

    /// <summary>The configured controller; throws <see cref="ErrorKind.FailedPrecondition"/> saying how to
    /// configure one when there is none.</summary>
    public static ControllerContext Require(HoistHome home, string command) =>
        Find(home) ?? throw HoistException.FailedPrecondition(
            $"'{command}' needs a controller, and none is configured",
            "start a lab with 'hoist lab up', or set HOIST_CONTROLLER and HOIST_TOKEN");

    /// <summary>Writes the context file atomically (mode 0600: it holds the token).</summary>
    public static void Write(HoistHome home, ControllerContextFile context)
    {
        Directory.CreateDirectory(home.Root);
        var file = FileOf(home);
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(context, FabricJson.Default.ControllerContextFile));
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, file, overwrite: true);
    }

    private static Uri ParseUrl(string text, string source) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw HoistException.InvalidArgument($"the controller URL '{text}' (from {source}) is not an http or https URL");
}
