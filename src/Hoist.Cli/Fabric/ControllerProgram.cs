using Hoist.Core.Errors;

namespace Hoist.Cli.Fabric;

/// <summary>Where the controller's program is: ./hoist builds it into controller/ beside the hoist binary
/// (an ASP.NET Core app that runs on the .NET runtime; hoist itself is compiled ahead of time).</summary>
internal static class ControllerProgram
{
    /// <summary>The command line that runs hoist-controller, before its own arguments. Throws
    /// <see cref="ErrorKind.Unavailable"/> when it is not built or dotnet is missing.</summary>
    public static IReadOnlyList<string> Command()
    {
        var directory = Environment.GetEnvironmentVariable("HOIST_CONTROLLER_DIR") is { Length: > 0 } given ? given : Path.Combine(AppContext.BaseDirectory, "controller");
        var assembly = Path.Combine(directory, "hoist-controller.dll");
        if (!File.Exists(assembly))
        {
            throw HoistException.Unavailable($"the controller is not built ({assembly} is missing)", "run hoist through ./hoist in the repository, which builds it");
        }

        var dotnet = Core.Processes.Tools.Find("dotnet")
            ?? throw HoistException.Unavailable("the controller needs the .NET runtime, and dotnet is not on PATH", "install the .NET 10 SDK or runtime");
        return [dotnet, assembly];
    }
}
