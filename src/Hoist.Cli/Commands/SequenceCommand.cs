using System.CommandLine;
using Hoist.Cli.Output;
using Hoist.Sequencing;
using Hoist.Sequencing.Capture;

namespace Hoist.Cli.Commands;

/// <summary>hoist sequence --image IMG --name NAME [--version V] (--run CMD | --script FILE) [--add SRC:DEST]... [-o FILE]</summary>
internal static class SequenceCommand
{
    public static Command Create(CliContext context)
    {
        var image = new Option<string>("--image") { Description = "the OS image the installer runs on", Required = true };
        var name = new Option<string>("--name") { Description = "the package's name", Required = true };
        var version = new Option<string?>("--version") { Description = "the package's version (default: the version of the Debian package of that name)" };
        var run = new Option<string?>("--run") { Description = "the installer: a shell command line, run as root in the capture environment" };
        var script = new Option<string?>("--script") { Description = "the installer: a script file on this machine" };
        var add = new Option<string[]>("--add") { Description = "copy SRC (on this machine) to DEST (in the capture root) before the installer runs", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "also write the package file here" };
        var probeTimeout = new Option<double>("--probe-timeout") { Description = "seconds each service may take to open its first port when probed", DefaultValueFactory = _ => 3 };
        var command = new Command("sequence", "Run an installer over an OS image and capture what it adds as a package")
        {
            image, name, version, run, script, add, output, probeTimeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new SequenceRequest
            {
                Image = parse.GetValue(image)!,
                Name = parse.GetValue(name)!,
                Version = parse.GetValue(version),
                Installer = new InstallerSpec
                {
                    Command = parse.GetValue(run),
                    ScriptPath = parse.GetValue(script),
                    Additions = [.. (parse.GetValue(add) ?? []).Select(FileAddition.Parse)],
                },
                OutputPath = parse.GetValue(output),
                ProbeTimeout = TimeSpan.FromSeconds(parse.GetValue(probeTimeout)),
            };
            SequenceResult result;
            using (var progress = context.NewProgress())
            {
                result = await new Sequencer(context.Library).SequenceAsync(request, progress, cancellationToken);
            }

            foreach (var note in result.Notes)
            {
                await context.Error.WriteLineAsync("note: " + note);
            }

            PackageView.Write(context.Out, result.Manifest, result.Package.Digest, result.Package.Size, full: false);
            var where = result.OutputPath is null ? "the library" : $"the library and {result.OutputPath}";
            await context.Out.WriteLineAsync($"sequenced {result.Manifest.Name} into {where} in {result.Elapsed.TotalSeconds:0.0} s");
            return 0;
        });
        return command;
    }
}
