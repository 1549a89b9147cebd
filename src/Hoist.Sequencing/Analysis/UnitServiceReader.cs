using System.Globalization;
using Hoist.Core.Errors;
using Hoist.Packaging.Manifests;

namespace Hoist.Sequencing.Analysis;

/// <summary>Turns one systemd service unit into a <see cref="ServiceSpec"/>, noting what it cannot carry over.</summary>
internal sealed class UnitServiceReader(UnitCandidate candidate, DetectionContext context)
{
    private const string Service = "Service";
    private const string UnitSection = "Unit";
    private static readonly string[] StateRoots = ["/var/", "/srv/", "/opt/", "/home/"];
    private static readonly string[] NotState = ["/var/run", "/var/lock", "/var/tmp"];

    private string Name => candidate.Name;

    /// <summary>The service, or null (with a note) when the unit has no usable ExecStart=.</summary>
    public ServiceSpec? Read()
    {
        var type = Value(Service, "Type") ?? "simple";
        var commands = new UnitCommands(candidate, context);
        var starts = commands.Read("ExecStart");
        if (starts.Count == 0)
        {
            context.Note($"skipped {candidate.UnitName}: it has no usable ExecStart=");
            return null;
        }

        if (starts.Count > 1)
        {
            context.Note(type == "oneshot"
                ? $"{Name}: kept the first of {starts.Count} ExecStart= commands (Type=oneshot runs them all in turn)"
                : $"{Name}: has {starts.Count} ExecStart= commands although Type={type} allows one; kept the first");
        }

        return new ServiceSpec
        {
            Name = Name,
            Description = Value(UnitSection, "Description"),
            Source = candidate.Path,
            Aliases = candidate.Aliases,
            Type = type,
            Exec = starts[0].Exec,
            ExecStartPre = commands.Read("ExecStartPre"),
            ExecStartPost = commands.Read("ExecStartPost"),
            ExecStop = commands.Read("ExecStop"),
            ExecReload = commands.Read("ExecReload"),
            User = Value(Service, "User") is { } user && user is not ("root" or "0") ? user : null,
            Group = Value(Service, "Group"),
            SupplementaryGroups = Words(Service, "SupplementaryGroups"),
            WorkingDirectory = WorkingDirectory(),
            Environment = commands.Environment,
            EnvironmentFiles = commands.EnvironmentFiles,
            UMask = Value(Service, "UMask"),
            PidFile = PidFile(),
            RuntimeDirectories = Directories("RuntimeDirectory", "/run"),
            RuntimeDirectoryMode = Value(Service, "RuntimeDirectoryMode"),
            StateDirectories = StateDirectories(),
            After = Dependencies("After", "Wants", "Requires", "BindsTo"),
            Requires = Dependencies("Requires", "BindsTo"),
            Restart = Value(Service, "Restart"),
            StopTimeoutSeconds = StopTimeout(),
            StopSignal = Value(Service, "KillSignal"),
            LimitNoFile = LimitNoFile(),
            Capabilities = Capabilities(),
        };
    }

    /// <summary>The last value of the key with specifiers expanded; null when unset, empty or unresolvable (noted).</summary>
    private string? Value(string section, string key)
    {
        var raw = candidate.Unit.Get(section, key);
        return string.IsNullOrEmpty(raw) ? null : Expand(raw, key);
    }

    private string? Expand(string text, string key)
    {
        try
        {
            return UnitSpecifiers.Expand(text, candidate.UnitName);
        }
        catch (HoistException e)
        {
            context.Note($"{Name}: ignored {key}={text}: {e.Message}");
            return null;
        }
    }

    /// <summary>The words of a list setting, specifiers expanded; a value that does not split is left out (noted).</summary>
    private List<string> Words(string section, string key)
    {
        var words = new List<string>();
        foreach (var value in candidate.Unit.GetAll(section, key))
        {
            try
            {
                words.AddRange(SystemdUnit.SplitWords(value).Select(w => Expand(w, key)).OfType<string>());
            }
            catch (HoistException e)
            {
                context.Note($"{Name}: ignored {key}={value}: {e.Message}");
            }
        }

        return words;
    }

    private string? WorkingDirectory()
    {
        var directory = Value(Service, "WorkingDirectory")?.TrimStart('-');
        if (directory == "~")
        {
            context.Note($"{Name}: WorkingDirectory=~ (the home of User=) left unset");
            return null;
        }

        return string.IsNullOrEmpty(directory) ? null : directory;
    }

    /// <summary>PIDFile=, made absolute under /run when relative, and /var/run/ rewritten to /run/ as systemd does.</summary>
    private string? PidFile()
    {
        var file = Value(Service, "PIDFile");
        return file switch
        {
            null => null,
            _ when file.StartsWith("/var/run/", StringComparison.Ordinal) => "/run/" + file["/var/run/".Length..],
            _ when !file.StartsWith('/') => "/run/" + file,
            _ => file,
        };
    }

    /// <summary>The names a *Directory= setting lists (relative to <paramref name="root"/>; "a:b" names two), as absolute paths.</summary>
    private List<string> Directories(string key, string root)
    {
        var directories = new List<string>();
        foreach (var name in Words(Service, key).SelectMany(w => w.Split(':')).Select(n => n.Trim('/')))
        {
            if (name.Length == 0 || name.Split('/').Any(part => part is "" or "." or ".."))
            {
                context.Note($"{Name}: ignored {key} entry '{name}'");
                continue;
            }

            directories.Add($"{root}/{name}");
        }

        return [.. directories.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>StateDirectory=, LogsDirectory= and CacheDirectory=, plus the ReadWritePaths= and ReadWriteDirectories=
    /// entries (their '-' and '+' prefixes dropped) below /var, /srv, /opt or /home, but not below /var/run,
    /// /var/lock or /var/tmp; distinct and sorted.</summary>
    private List<string> StateDirectories()
    {
        var writable = Words(Service, "ReadWritePaths").Concat(Words(Service, "ReadWriteDirectories"))
            .Select(p => p.TrimStart('-', '+'))
            .Select(p => p.Length > 1 ? p.TrimEnd('/') : p)
            .Where(p => StateRoots.Any(root => p.StartsWith(root, StringComparison.Ordinal)))
            .Where(p => !NotState.Any(x => p == x || p.StartsWith(x + "/", StringComparison.Ordinal)))
            .Where(p => !p.Split('/').Any(part => part is "." or ".."));
        return [.. Directories("StateDirectory", "/var/lib")
            .Concat(Directories("LogsDirectory", "/var/log"))
            .Concat(Directories("CacheDirectory", "/var/cache"))
            .Concat(writable)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The services of this package the [Unit] keys name, by unit name or alias; sorted, without itself.</summary>
    private List<string> Dependencies(params string[] keys) =>
        [.. keys.SelectMany(key => Words(UnitSection, key))
            .Select(context.Resolve)
            .OfType<string>()
            .Where(service => service != Name)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    /// <summary>TimeoutStopSec=, else TimeoutSec=, in seconds; "infinity" and "0" both give 0 (no limit).</summary>
    private double? StopTimeout()
    {
        var key = Value(Service, "TimeoutStopSec") is not null ? "TimeoutStopSec" : "TimeoutSec";
        var text = Value(Service, key);
        if (text is null)
        {
            return null;
        }

        var seconds = SystemdTime.ParseSeconds(text);
        if (seconds is null)
        {
            context.Note($"{Name}: ignored {key}={text}: not a time span");
        }

        return seconds is double.PositiveInfinity ? 0 : seconds;
    }

    /// <summary>The soft limit of LimitNOFILE= ("SOFT:HARD" or one value for both); null for "infinity" (noted).</summary>
    private long? LimitNoFile()
    {
        var text = Value(Service, "LimitNOFILE");
        var soft = text?.Split(':')[0].Trim();
        if (soft is null)
        {
            return null;
        }

        if (long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
        {
            return limit;
        }

        context.Note(soft == "infinity"
            ? $"{Name}: LimitNOFILE={text} asks for no limit; left unset (the host's default applies)"
            : $"{Name}: ignored LimitNOFILE={text}: not a number");
        return null;
    }

    /// <summary>The bounding set when the unit sets CapabilityBoundingSet= (an empty assignment: no capabilities),
    /// else the AmbientCapabilities= set, else null. An inverted set ("~CAP_X": all but those) is left null with a note.</summary>
    private List<string>? Capabilities()
    {
        var bounding = Words(Service, "CapabilityBoundingSet");
        var ambient = Words(Service, "AmbientCapabilities");
        var inverted = bounding.Concat(ambient).Any(w => w.StartsWith('~'));
        if (inverted)
        {
            var text = string.Join(" ", candidate.Unit.GetAll(Service, "CapabilityBoundingSet").Concat(candidate.Unit.GetAll(Service, "AmbientCapabilities")));
            context.Note($"{Name}: capabilities '{text}' (all but those) are not recorded; Capabilities left unset");
            return null;
        }

        var chosen = candidate.Unit.Get(Service, "CapabilityBoundingSet") is not null ? bounding
            : candidate.Unit.Get(Service, "AmbientCapabilities") is not null ? ambient
            : null;
        return chosen is null ? null : [.. chosen.Select(c => c.ToUpperInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
