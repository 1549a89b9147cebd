using Hoist.Packaging.Manifests;

namespace Hoist.Sequencing.Analysis;

/// <summary>Turns a SysV init script with an LSB header into a service, as systemd's sysv generator does.</summary>
internal static class InitScriptReader
{
    /// <summary>True when the script has an LSB header ("### BEGIN INIT INFO").</summary>
    public static bool HasHeader(string text) => Header(text) is not null;

    /// <summary>A forking service that runs "SCRIPT start" and "SCRIPT stop", described by the header's
    /// Short-Description, after the services of the package its Required-Start names ($facilities dropped).</summary>
    public static ServiceSpec Read(SourceFile script, string name, DetectionContext context)
    {
        var header = Header(script.Text) ?? new Dictionary<string, string>();
        var after = header.GetValueOrDefault("Required-Start", string.Empty)
            .Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Where(word => !word.StartsWith('$'))
            .Select(context.Resolve)
            .OfType<string>()
            .Where(dependency => dependency != name)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var description = header.GetValueOrDefault("Short-Description");
        return new ServiceSpec
        {
            Name = name,
            Description = string.IsNullOrEmpty(description) ? null : description,
            Source = script.Path,
            Type = "forking",
            Exec = [script.Path, "start"],
            ExecStop = [new CommandSpec { Exec = [script.Path, "stop"] }],
            After = [.. after],
        };
    }

    /// <summary>The fields between "### BEGIN INIT INFO" and "### END INIT INFO" ("# Provides: kvstore"),
    /// the first of each name kept; null without a header.</summary>
    private static Dictionary<string, string>? Header(string text)
    {
        Dictionary<string, string>? fields = null;
        foreach (var line in text.Split('\n').Select(l => l.Trim()))
        {
            if (line == "### BEGIN INIT INFO")
            {
                fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            }
            else if (line == "### END INIT INFO")
            {
                break;
            }
            else if (fields is not null && line.StartsWith('#') && line.IndexOf(':') is var colon and > 1)
            {
                var key = line[1..colon].Trim();
                if (key.Length > 0 && !key.Contains(' '))
                {
                    fields.TryAdd(key, line[(colon + 1)..].Trim());
                }
            }
        }

        return fields;
    }
}
