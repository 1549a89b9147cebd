using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Hoist.Core.Errors;
using Hoist.Core.Processes;
using Hoist.Core.Storage;
using Hoist.Packaging.Files;
using Hoist.Packaging.Manifests;

namespace Hoist.Cli.Commands;

/// <summary>hoist package edit PACKAGE [--manifest FILE] [-o FILE]: edits the manifest (in $VISUAL or
/// $EDITOR, or taken from FILE) and writes the result as a new package, with a new digest, into the
/// library. The layer is carried over unchanged; the original package stays as it was.</summary>
internal static class PackageEditCommand
{
    public static Command Create(CliContext context)
    {
        var package = PackageArgument.Create();
        var manifestFile = new Option<string?>("--manifest") { Description = "take the new manifest from this YAML file instead of opening an editor" };
        var output = new Option<string?>("--output", "-o") { Description = "also write the new package file here" };
        var command = new Command("edit", "Edit a package's manifest (services, parameters, ...) into a new package") { package, manifestFile, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var library = context.Library;
            using var original = PackageFile.Open(library.Packages.Locate(parse.GetValue(package)!));
            var before = Encoding.UTF8.GetString(original.ManifestBytes.Span);
            WorkDirectory.SweepStale(library.Home);
            using var work = WorkDirectory.Create(library.Home, "edit-" + original.Manifest.Name);
            var after = parse.GetValue(manifestFile) is { } file
                ? await ReadManifestFileAsync(file, cancellationToken)
                : await EditAsync(work.Combine("manifest.yaml"), before, cancellationToken);
            if (after == before)
            {
                await context.Out.WriteLineAsync($"no changes: {original.Manifest.Name} stays {original.Digest}");
                return 0;
            }

            PackageManifest edited;
            try
            {
                edited = Check(ManifestSerializer.Deserialize(after), original.Manifest);
            }
            catch (HoistException) when (parse.GetValue(manifestFile) is null)
            {
                var kept = Path.GetFullPath($"{original.Manifest.Name}.manifest.yaml");
                await File.WriteAllTextAsync(kept, after, cancellationToken);
                await context.Error.WriteLineAsync($"your edit is kept in {kept}; fix it and run: hoist package edit {original.Digest} --manifest {kept}");
                throw;
            }

            var layer = work.Combine("layer.tar.zst");
            await using (var source = original.OpenLayer())
            await using (var target = File.Create(layer))
            {
                await source.CopyToAsync(target, cancellationToken);
            }

            var packagePath = work.Combine("package.hpkg");
            await using (var target = File.Create(packagePath))
            {
                await PackageFileWriter.WriteAsync(edited, layer, target, cancellationToken);
            }

            if (parse.GetValue(output) is { } copy)
            {
                File.Copy(packagePath, copy, overwrite: true);
            }

            var record = library.Packages.Add(packagePath, move: true);
            await context.Out.WriteLineAsync($"edited {record.Name} {record.Version}: new package {record.Digest} (was {original.Digest})");
            return 0;
        });
        return command;
    }

    // The layer is the package's content: its digests cannot be edited, only described.
    private static PackageManifest Check(PackageManifest edited, PackageManifest original)
    {
        var errors = ManifestValidator.Validate(edited).ToList();
        if (edited.Layer != original.Layer)
        {
            errors.Add("layer: the layer's digests and sizes cannot be edited");
        }

        return errors.Count == 0
            ? edited
            : throw HoistException.InvalidArgument($"the edited manifest has {errors.Count} problem(s): {string.Join("; ", errors)}");
    }

    private static async Task<string> ReadManifestFileAsync(string path, CancellationToken cancellationToken) =>
        File.Exists(path)
            ? await File.ReadAllTextAsync(path, cancellationToken)
            : throw HoistException.NotFound($"manifest file '{path}' does not exist");

    private static async Task<string> EditAsync(string path, string text, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path, text, cancellationToken);
        var editor = new[] { Environment.GetEnvironmentVariable("VISUAL"), Environment.GetEnvironmentVariable("EDITOR"), "editor", "vi", "nano" }
            .FirstOrDefault(e => !string.IsNullOrWhiteSpace(e) && (e.Contains(' ') || e.Contains('/') || Tools.Find(e) is not null))
            ?? throw HoistException.Unavailable("no editor found", "set EDITOR, or give the new manifest with --manifest FILE");

        // The editor needs this terminal: its input and output are not redirected. $EDITOR may hold arguments.
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", editor + " \"$1\"", "editor", path]) { UseShellExecute = false })
            ?? throw HoistException.Unavailable($"cannot start the editor '{editor}'");
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0
            ? await File.ReadAllTextAsync(path, cancellationToken)
            : throw HoistException.FailedPrecondition($"the editor '{editor}' exited with code {process.ExitCode}; the package is unchanged");
    }
}
