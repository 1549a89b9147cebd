using System.Text.Json;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Linux;
using Hoist.Supervision;

namespace Hoist.Runtime.Apps;

/// <summary>
/// Writes the layer Hoist puts over the package at each start (the topmost lower layer): the app's
/// accounts, its hostname, hosts and resolv.conf, the package's config files with the parameter
/// values applied, and hoist-init with its spec under /.hoist. overlayfs shows a directory with the
/// metadata of its topmost layer, so every directory written here takes the mode and owner that the
/// package (or, failing that, the host OS) gives it.
/// </summary>
public static class ConfigLayer
{
    public static void Write(ConfigLayerInputs inputs)
    {
        var root = inputs.Layout.Config;
        FileTree.Delete(root);
        Directory.CreateDirectory(root);
        WriteFile(inputs, "/etc/passwd", inputs.Passwd, 0x1A4);
        WriteFile(inputs, "/etc/group", inputs.Group, 0x1A4);
        WriteFile(inputs, "/etc/hostname", inputs.Layout.App + "\n", 0x1A4);
        var hosts = $"127.0.0.1\tlocalhost {inputs.Layout.App}\n::1\tlocalhost ip6-localhost ip6-loopback\n";
        if (inputs.HostAddress is { } address)
        {
            hosts += $"{address}\t{inputs.HostName}\n";
        }

        WriteFile(inputs, "/etc/hosts", hosts, 0x1A4);
        WriteFile(inputs, "/etc/resolv.conf", File.Exists("/etc/resolv.conf") ? File.ReadAllText("/etc/resolv.conf") : string.Empty, 0x1A4);

        foreach (var file in inputs.Values.LineTargetFiles)
        {
            var source = RootPath.Resolve(inputs.PackageLayer, file);
            if (LinuxFiles.TryLStat(source) is not { Kind: FileKind.Regular } status)
            {
                throw HoistException.FailedPrecondition($"the package has no file {file} for its parameters to set", "fix the package's manifest with 'hoist package edit'");
            }

            var target = WriteFile(inputs, file, inputs.Values.Apply(file, File.ReadAllText(source)), status.Permissions);
            FileMetadata.SetOwner(target, status.Uid, status.Gid);
        }

        var hoist = Path.Combine(root, ".hoist");
        FileMetadata.CreateDirectory(hoist, 0x1ED);
        File.Copy(inputs.InitBinary, Path.Combine(hoist, "init"));
        FileMetadata.SetMode(Path.Combine(hoist, "init"), 0x1ED);
        File.WriteAllText(Path.Combine(hoist, "app.json"), JsonSerializer.Serialize(inputs.Spec, SupervisionJson.Default.InitSpec));
        FileMetadata.CreateDirectory(Path.Combine(hoist, "logs"), 0x1ED);
        FileMetadata.CreateDirectory(Path.Combine(hoist, "run"), 0x1ED);
    }

    // Writes an absolute path of the app into the layer, its parents made like the layers below have them.
    private static string WriteFile(ConfigLayerInputs inputs, string path, string text, uint mode)
    {
        var root = inputs.Layout.Config;
        var parts = path.Trim('/').Split('/');
        var current = root;
        var below = string.Empty;
        foreach (var part in parts[..^1])
        {
            current = Path.Combine(current, part);
            below += "/" + part;
            if (!Directory.Exists(current))
            {
                var model = LinuxFiles.TryLStat(RootPath.Resolve(inputs.PackageLayer, below)) is { Kind: FileKind.Directory } fromPackage
                    ? fromPackage
                    : LinuxFiles.TryLStat(RootPath.Resolve(inputs.HostRoot, below)) is { Kind: FileKind.Directory } fromHost ? fromHost : (FileStatus?)null;
                FileMetadata.CreateDirectory(current, model?.Permissions ?? 0x1ED);
                FileMetadata.SetOwner(current, model?.Uid ?? 0, model?.Gid ?? 0);
            }
        }

        var target = Path.Combine(current, parts[^1]);
        File.WriteAllText(target, text);
        FileMetadata.SetMode(target, mode);
        return target;
    }
}
