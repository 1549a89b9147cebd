using System.Text;
using Hoist.Packaging.Compatibility;
using Hoist.Packaging.Layers;
using Hoist.Packaging.Manifests;
using Hoist.Sequencing.Analysis;
using Hoist.Sequencing.Delta;

namespace Hoist.Sequencing;

/// <summary>Reads a capture's delta into the manifest's parts: services, accounts, bill of materials,
/// state paths, config files, and what the package requires of a host.</summary>
internal static class CaptureAnalyzer
{
    private const long MaxConfigText = 1 << 20;

    /// <summary>The services, from the unit files and init scripts the installer added. This comes
    /// first so that the port probe can start them while the rest is read.</summary>
    public static ServiceDetection DetectServices(CaptureDelta delta, MergedView view)
    {
        var kept = Kept(delta);
        return ServiceDetector.Detect(new ServiceSources
        {
            UnitFiles = [.. kept.Where(i => i.Kind == LayerEntryKind.File && IsUnitPath(i.Path)).Select(i => new SourceFile(i.AbsolutePath, File.ReadAllText(i.DiskPath)))],
            AliasLinks = [.. kept.Where(i => i.Kind == LayerEntryKind.Symlink && IsUnitPath(i.Path)).Select(i => new AliasLink(i.AbsolutePath, i.LinkTarget!))],
            InitScripts = [.. kept.Where(i => i.Kind == LayerEntryKind.File && i.Path.StartsWith("etc/init.d/", StringComparison.Ordinal)).Select(i => new SourceFile(i.AbsolutePath, File.ReadAllText(i.DiskPath)))],
            ReadFile = view.ReadText,
        });
    }

    /// <summary>Everything else: accounts, bill of materials, state paths, config files, requirements.</summary>
    public static CaptureAnalysis Analyze(CaptureDelta delta, MergedView view, ServiceDetection detection)
    {
        var kept = Kept(delta);
        var notes = new List<string>(delta.Notes);
        notes.AddRange(detection.Notes);

        var accounts = AccountsDiff.Diff(
            view.ReadBefore("/etc/passwd") ?? string.Empty, view.ReadText("/etc/passwd") ?? string.Empty,
            view.ReadBefore("/etc/group") ?? string.Empty, view.ReadText("/etc/group") ?? string.Empty);

        var bom = BillOfMaterials.Diff(
            DpkgStatus.Parse(view.ReadBefore("/var/lib/dpkg/status") ?? string.Empty),
            DpkgStatus.Parse(view.ReadText("/var/lib/dpkg/status") ?? string.Empty));
        notes.AddRange(bom.Installed.Where(e => e.Replaced is not null)
            .Select(e => $"the installer upgraded the OS package {e.Name} ({e.Replaced} -> {e.Version}); the package carries its files"));
        notes.AddRange(bom.Removed.Select(n => $"the installer removed the OS package {n}; the package hides its files"));

        var statePaths = StatePathDetector.Detect(
            kept.Select(i => new DeltaPath(i.AbsolutePath, i.Kind == LayerEntryKind.Directory, i.ExistedBefore)),
            detection.Services);

        var configFiles = kept
            .Where(i => i.Kind is LayerEntryKind.File or LayerEntryKind.Symlink && IsConfigPath(i.Path))
            .Select(i => new SourceFile(i.AbsolutePath, ReadConfigText(i)))
            .ToList();

        var requirements = RequirementScanner.Scan(
            kept.Where(i => i.Kind is LayerEntryKind.File or LayerEntryKind.Symlink or LayerEntryKind.HardLink)
                .Select(i => new PackageFileRef(i.AbsolutePath, i.Kind is LayerEntryKind.File or LayerEntryKind.HardLink ? i.DiskPath : null, i.Kind == LayerEntryKind.Symlink, i.Kind == LayerEntryKind.Symlink ? i.LinkTarget : null)),
            detection.Services.Count == 0 ? null : detection.Services.SelectMany(EntryPoints));

        return new CaptureAnalysis
        {
            Services = detection.Services,
            Users = accounts.Users,
            Groups = accounts.Groups,
            BillOfMaterials = bom.Installed,
            StatePaths = statePaths,
            ConfigFiles = configFiles,
            Requirements = requirements,
            Directories = kept.Where(i => i.Kind == LayerEntryKind.Directory).Select(i => i.AbsolutePath).ToHashSet(StringComparer.Ordinal),
            Notes = notes,
        };
    }

    private static List<DeltaItem> Kept(CaptureDelta delta) =>
        [.. delta.Items.Where(i => i.Kind is not (LayerEntryKind.Whiteout or LayerEntryKind.Opaque))];

    // The programs a service runs: its main command and the commands around it.
    private static IEnumerable<string> EntryPoints(ServiceSpec service) =>
        new[] { service.Exec }.Concat(service.ExecStartPre.Concat(service.ExecStartPost).Concat(service.ExecStop).Concat(service.ExecReload).Select(c => c.Exec))
            .Where(argv => argv.Count > 0)
            .Select(argv => argv[0]);

    private static bool IsUnitPath(string path) =>
        path.EndsWith(".service", StringComparison.Ordinal)
        && Path.GetDirectoryName(path) is "usr/lib/systemd/system" or "lib/systemd/system" or "etc/systemd/system";

    private static bool IsConfigPath(string path) =>
        path.StartsWith("etc/", StringComparison.Ordinal)
        && !path.StartsWith("etc/init.d/", StringComparison.Ordinal)
        && !path.StartsWith("etc/systemd/", StringComparison.Ordinal);

    // Only small text files take part in parameter detection; others are listed with no text.
    private static string ReadConfigText(DeltaItem item)
    {
        if (item.Kind != LayerEntryKind.File || item.Status.Size > MaxConfigText)
        {
            return string.Empty;
        }

        var bytes = File.ReadAllBytes(item.DiskPath);
        return bytes.AsSpan().Contains((byte)0) ? string.Empty : Encoding.UTF8.GetString(bytes);
    }
}
