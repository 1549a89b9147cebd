using System.CommandLine;

namespace Hoist.Cli.Commands;

/// <summary>The APP argument that app commands share.</summary>
internal static class AppArgument
{
    public static Argument<string> Create() => new("APP") { Description = "the app's name (see hoist ps --all)" };
}
