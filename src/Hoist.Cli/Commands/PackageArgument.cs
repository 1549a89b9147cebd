using System.CommandLine;

namespace Hoist.Cli.Commands;

/// <summary>The PACKAGE argument that package commands share.</summary>
internal static class PackageArgument
{
    public static Argument<string> Create() => new("PACKAGE")
    {
        Description = "a .hpkg file, or a package in the library: NAME, NAME:VERSION, or a digest (prefix)",
    };
}
