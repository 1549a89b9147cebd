using System.CommandLine;
using Hoist.Cli.Output;
using Hoist.Packaging.Compatibility;
using Hoist.Packaging.Files;

namespace Hoist.Cli.Commands;

/// <summary>hoist package check FILE|NAME --image IMG: exits 0 when compatible, else 16 + 1 (architecture)
/// + 2 (glibc too old) + 4 (missing libraries).</summary>
internal static class PackageCheckCommand
{
    public static Command Create(CliContext context)
    {
        var package = PackageArgument.Create();
        var image = new Option<string>("--image") { Description = "the OS image to check against", Required = true };
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var command = new Command("check", "Tell whether a package can run on an OS image, and if not, why") { package, image, json };
        command.SetAction(parse =>
        {
            var path = context.Library.Packages.Locate(parse.GetValue(package)!);
            var target = context.Library.Images.Get(parse.GetValue(image)!);
            using var file = PackageFile.Open(path);
            var report = CompatibilityChecker.Check(file.Manifest.Requires, target.ToHostFacts());
            if (parse.GetValue(json))
            {
                Json.Write(context.Out, new PackageCheckView(file.Manifest.Name, target.Name, report.IsCompatible, [.. report.Problems.Select(p => new ProblemView(p.Kind.ToString(), p.Message))], report.Notes, report.ExitCode), JsonViewContext.Default.PackageCheckView);
            }
            else
            {
                foreach (var line in report.IsCompatible ? ["compatible"] : report.Problems.Select(p => p.Message))
                {
                    context.Out.WriteLine(line);
                }

                foreach (var note in report.Notes)
                {
                    context.Out.WriteLine("note: " + note);
                }
            }

            return report.ExitCode;
        });
        return command;
    }
}
