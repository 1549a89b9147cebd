using Hoist.Core.Errors;
using Hoist.Packaging.Manifests;

namespace Hoist.Sequencing.Analysis;

/// <summary>Finds the services an installer added: its systemd service units, and its SysV init scripts
/// that no unit replaces.</summary>
public static class ServiceDetector
{
    private const string EtcUnits = "/etc/systemd/system";

    /// <summary>Unit directories by precedence: a unit in an earlier one hides a unit of the same name in a later one.</summary>
    private static readonly string[] UnitDirectories = [EtcUnits, "/run/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"];

    /// <summary>
    /// Returns one service per unit name (the file with the highest precedence), skipping template units
    /// (name@.service), units masked by a link to /dev/null and units without a usable ExecStart=; then one
    /// per init script /etc/init.d/NAME with an LSB header whose NAME is no unit name or alias of the package.
    /// Aliases come from [Install] Alias= and from <see cref="ServiceSources.AliasLinks"/>. Dependencies name
    /// services of the package only; the list is ordered so that each service follows the ones it depends on.
    /// Never throws for bad input: whatever it skips or changes gets a line in <see cref="ServiceDetection.Notes"/>.
    /// </summary>
    public static ServiceDetection Detect(ServiceSources sources)
    {
        var notes = new List<string>();
        var files = SelectUnitFiles(sources.UnitFiles, notes);
        var masked = Masked(sources.AliasLinks, files, notes);
        var owners = files.Keys.ToDictionary(name => name, name => name, StringComparer.Ordinal);
        var aliases = files.Keys.ToDictionary(name => name, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        var units = files.Select(f => (Name: f.Key, f.Value.Path, Unit: SystemdUnit.Parse(f.Value.Text))).ToList();
        foreach (var (name, _, unit) in units)
        {
            foreach (var alias in AliasesOf(name, unit, notes))
            {
                AddAlias(alias, name, owners, aliases, notes);
            }
        }

        foreach (var link in sources.AliasLinks.OrderBy(l => l.LinkPath, StringComparer.Ordinal))
        {
            if (LinkedService(link, files, notes) is { } target)
            {
                AddAlias(Path.GetFileName(link.LinkPath), target, owners, aliases, notes);
            }
        }

        var scripts = SelectInitScripts(sources.InitScripts, owners, masked, notes);
        var context = new DetectionContext(owners, sources.ReadFile, notes);
        var services = units
            .Select(u => new UnitCandidate(u.Name, u.Path, u.Unit, [.. aliases[u.Name]]))
            .Select(candidate => new UnitServiceReader(candidate, context).Read())
            .OfType<ServiceSpec>()
            .Concat(scripts.Select(s => InitScriptReader.Read(s.Script, s.Name, context)))
            .ToList();
        return new ServiceDetection { Services = DependencyOrder.Sort(KeepKnownDependencies(services, notes), notes), Notes = notes };
    }

    /// <summary>Picks, for each unit name, the file in the directory of highest precedence; sorted by name.</summary>
    private static SortedDictionary<string, SourceFile> SelectUnitFiles(IReadOnlyList<SourceFile> unitFiles, List<string> notes)
    {
        var chosen = new SortedDictionary<string, SourceFile>(StringComparer.Ordinal);
        foreach (var file in unitFiles.OrderBy(f => Rank(f.Path)).ThenBy(f => f.Path, StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(file.Path);
            if (Rank(file.Path) == UnitDirectories.Length || !fileName.EndsWith(".service", StringComparison.Ordinal))
            {
                notes.Add($"ignored {file.Path}: not a service unit in a systemd unit directory");
            }
            else if (fileName.Contains('@'))
            {
                notes.Add($"skipped template unit {fileName}");
            }
            else if (chosen.TryGetValue(fileName[..^".service".Length], out var winner))
            {
                notes.Add($"ignored {file.Path}: {winner.Path} overrides it");
            }
            else
            {
                chosen[fileName[..^".service".Length]] = file;
            }
        }

        return chosen;
    }

    private static int Rank(string path)
    {
        var index = Array.IndexOf(UnitDirectories, Path.GetDirectoryName(path));
        return index < 0 ? UnitDirectories.Length : index;
    }

    /// <summary>Removes the units that a link in /etc/systemd/system to /dev/null masks; returns their names.</summary>
    private static HashSet<string> Masked(IReadOnlyList<AliasLink> links, SortedDictionary<string, SourceFile> files, List<string> notes)
    {
        var masked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in links.Where(l => l.Target == "/dev/null" && Path.GetDirectoryName(l.LinkPath) == EtcUnits))
        {
            var linkName = Path.GetFileName(link.LinkPath);
            var name = linkName.EndsWith(".service", StringComparison.Ordinal) ? linkName[..^".service".Length] : linkName;
            masked.Add(name);
            if (files.Remove(name))
            {
                notes.Add($"skipped {linkName}: masked (linked to /dev/null)");
            }
        }

        return masked;
    }

    /// <summary>The [Install] Alias= names of a unit, specifiers expanded.</summary>
    private static IEnumerable<string> AliasesOf(string name, SystemdUnit unit, List<string> notes)
    {
        try
        {
            return [.. unit.GetWords("Install", "Alias").Select(a => UnitSpecifiers.Expand(a, name + ".service"))];
        }
        catch (HoistException e)
        {
            notes.Add($"{name}: ignored Alias=: {e.Message}");
            return [];
        }
    }

    /// <summary>The package service an alias link points to, or null for links that are not aliases
    /// (in a subdirectory, to /dev/null, to a unit of the same name) or that point outside the package (noted).</summary>
    private static string? LinkedService(AliasLink link, SortedDictionary<string, SourceFile> files, List<string> notes)
    {
        var linkName = Path.GetFileName(link.LinkPath);
        var targetName = Path.GetFileName(link.Target);
        if (Path.GetDirectoryName(link.LinkPath) != EtcUnits || link.Target == "/dev/null" || linkName == targetName)
        {
            return null;
        }

        var target = targetName.EndsWith(".service", StringComparison.Ordinal) ? targetName[..^".service".Length] : null;
        if (target is null || !files.ContainsKey(target))
        {
            notes.Add($"ignored link {link.LinkPath} -> {link.Target}: it does not point to a service unit of this package");
            return null;
        }

        return target;
    }

    private static void AddAlias(
        string alias, string service, Dictionary<string, string> owners, Dictionary<string, SortedSet<string>> aliases, List<string> notes)
    {
        if (!alias.EndsWith(".service", StringComparison.Ordinal) || alias.Length == ".service".Length)
        {
            notes.Add($"{service}: ignored alias {alias}: not a service unit name");
            return;
        }

        var name = alias[..^".service".Length];
        if (owners.TryGetValue(name, out var owner))
        {
            if (owner != service)
            {
                notes.Add($"{service}: ignored alias {alias}: {owner} already has that name");
            }

            return;
        }

        owners[name] = service;
        aliases[service].Add(name);
    }

    /// <summary>The init scripts that give a service, registering their names; sorted by path.</summary>
    private static List<(SourceFile Script, string Name)> SelectInitScripts(
        IReadOnlyList<SourceFile> scripts, Dictionary<string, string> owners, HashSet<string> masked, List<string> notes)
    {
        var selected = new List<(SourceFile, string)>();
        foreach (var script in scripts.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(script.Path);
            var reason =
                Path.GetDirectoryName(script.Path) != "/etc/init.d" ? "not in /etc/init.d"
                : owners.TryGetValue(name, out var owner) ? $"the systemd unit {owner}.service replaces it"
                : masked.Contains(name) ? "masked (linked to /dev/null)"
                : !InitScriptReader.HasHeader(script.Text) ? "it has no LSB header (### BEGIN INIT INFO)"
                : null;
            if (reason is not null)
            {
                notes.Add($"skipped init script {script.Path}: {reason}");
                continue;
            }

            owners[name] = name;
            selected.Add((script, name));
        }

        return selected;
    }

    /// <summary>Drops dependencies on units of the package that gave no service (skipped ones), with a note.</summary>
    private static List<ServiceSpec> KeepKnownDependencies(List<ServiceSpec> services, List<string> notes)
    {
        var names = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (service, dependency) in services.SelectMany(s => s.After.Where(d => !names.Contains(d)).Select(d => (s.Name, d))))
        {
            notes.Add($"{service}: dropped the dependency on {dependency}, which gives no service");
        }

        return [.. services.Select(s => s with
        {
            After = [.. s.After.Where(names.Contains)],
            Requires = [.. s.Requires.Where(names.Contains)],
        })];
    }
}
