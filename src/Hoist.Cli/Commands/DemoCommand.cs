using System.CommandLine;
using System.Diagnostics;
using Hoist.Cli.Demo;
using Hoist.Cli.Output;
using Hoist.Core.Text;
using Hoist.Library.Images;
using Hoist.Packaging.Compatibility;
using Hoist.Sequencing;
using Hoist.Sequencing.Capture;

namespace Hoist.Cli.Commands;

/// <summary>hoist demo: the main job end to end. Builds the bookworm and trixie images, sequences
/// redis and nginx from Debian on bookworm, shows each package and where it can run, runs redis under
/// an OS upgrade and a move to another host, then does it again in a fabric of hosts: placement, a warm
/// migration under a write load, a drain.</summary>
internal static class DemoCommand
{
    private static readonly (string Name, string Release)[] Images = [("bookworm", "bookworm"), ("trixie", "trixie")];
    private static readonly (string Name, string Installer)[] Apps =
    [
        ("redis", "apt-get install -y redis-server"),
        ("nginx", "apt-get install -y nginx"),
    ];

    public static Command Create(CliContext context)
    {
        var clean = new Option<bool>("--clean") { Description = "only remove what an earlier demo left running (its apps and hosts)" };
        var command = new Command("demo", "Build bookworm and trixie images, sequence redis and nginx, run redis, upgrade its OS under it, move it; every key survives") { clean };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(clean))
            {
                await new StateScenario(context).CleanAsync(cancellationToken);
                await new Lab.LabManager(context).DownAsync(Core.Progress.NullProgress.Instance);
                await context.Out.WriteLineAsync("removed the demo's apps, hosts and lab");
                return 0;
            }

            var clock = Stopwatch.StartNew();
            var library = context.Library;
            var @out = context.Out;
            await @out.WriteLineAsync("== 1. OS images in the library");
            var images = new List<ImageRecord>();
            foreach (var (name, release) in Images)
            {
                using var progress = context.NewProgress();
                var (image, outcome) = await new ImageBuilder(library.Images).BuildAsync(new ImageBuildRequest(name, release), progress, cancellationToken);
                progress.Dispose();
                images.Add(image);
                await @out.WriteLineAsync($"   {image.Name,-9} {image.Description}, {image.Architecture}, glibc {image.Glibc}, {ByteSize.Format(image.Size)}{(outcome == ImageBuildOutcome.AlreadyBuilt ? " (already built)" : string.Empty)}");
            }

            await @out.WriteLineAsync();
            await @out.WriteLineAsync("== 2. Sequencing server apps from Debian on bookworm: each package holds only the app");
            var results = new List<SequenceResult>();
            foreach (var (name, installer) in Apps)
            {
                await @out.WriteLineAsync($"-- hoist sequence --image bookworm --name {name} --run '{installer}'");
                using var progress = context.NewProgress();
                var request = new SequenceRequest { Image = "bookworm", Name = name, Installer = new InstallerSpec { Command = installer } };
                var result = await new Sequencer(library).SequenceAsync(request, progress, cancellationToken);
                progress.Dispose();
                results.Add(result);
                PackageView.Write(@out, result.Manifest, result.Package.Digest, result.Package.Size, full: false);
                await @out.WriteLineAsync($"   sequenced in {result.Elapsed.TotalSeconds:0.0} s");
                await @out.WriteLineAsync();
            }

            await @out.WriteLineAsync("== 3. Where each package can run (hoist package check)");
            foreach (var result in results)
            {
                foreach (var image in images)
                {
                    var report = CompatibilityChecker.Check(result.Manifest.Requires, image.ToHostFacts());
                    var verdict = report.IsCompatible ? "compatible" : string.Join("; ", report.Problems.Select(p => p.Message));
                    verdict += string.Concat(report.Notes.Select(n => $" (note: {n})"));
                    await @out.WriteLineAsync($"   {result.Manifest.Name,-6} on {image.Name,-9} ({image.Description}): {verdict}");
                }
            }

            await @out.WriteLineAsync();
            await @out.WriteLineAsync("== 4. Running redis without installing it, then putting a new OS under it and moving it");
            await new StateScenario(context).RunAsync(results[0].Package.Digest.ToString(), cancellationToken);

            await @out.WriteLineAsync();
            await @out.WriteLineAsync("== 5. A fabric: a controller and three hosts; redis moved to another server under a write load, a host drained");
            await new FabricScenario(context).RunAsync(results[0].Package.Digest.ToString(), results[1].Package.Digest.ToString(), cancellationToken);

            var packageBytes = results.Sum(r => r.Package.Size);
            var imageBytes = images.Sum(i => i.Size);
            await @out.WriteLineAsync();
            await @out.WriteLineAsync($"demo done in {clock.Elapsed.TotalSeconds:0} s: {images.Count} OS images ({ByteSize.Format(imageBytes)}) and {results.Count} packages ({ByteSize.Format(packageBytes)}) side by side in {library.Home.Root}");
            await @out.WriteLineAsync($"still running: {StateScenario.App} and {StateScenario.Copy} on this machine's hosts, and the lab (hoist now talks to its controller).");
            await @out.WriteLineAsync("Try: hoist ps; hoist host ls; hoist library ls; hoist lab status; hoist migrate fabric-redis --to auto");
            await @out.WriteLineAsync("remove them with: hoist demo --clean");
            return 0;
        });
        return command;
    }
}
