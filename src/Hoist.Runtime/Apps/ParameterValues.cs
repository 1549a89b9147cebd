using System.Globalization;
using Hoist.Core.Errors;
using Hoist.Packaging.Manifests;

namespace Hoist.Runtime.Apps;

/// <summary>The value of each of a package's parameters for one app: its default, or what `hoist add
/// --set` gave; and how they change the package's files.</summary>
public sealed class ParameterValues
{
    private readonly PackageManifest _manifest;

    private ParameterValues(PackageManifest manifest, IReadOnlyDictionary<string, string> values)
    {
        _manifest = manifest;
        Values = values;
    }

    /// <summary>Every parameter's value, by name.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>The values for <paramref name="manifest"/> with <paramref name="overrides"/> applied. Throws
    /// <see cref="ErrorKind.InvalidArgument"/> for a name the package does not have (listing those it
    /// has) or a value with a line break.</summary>
    public static ParameterValues Resolve(PackageManifest manifest, IReadOnlyDictionary<string, string> overrides)
    {
        var values = manifest.Parameters.ToDictionary(p => p.Name, p => p.Default, StringComparer.Ordinal);
        foreach (var (name, value) in overrides)
        {
            if (!values.ContainsKey(name))
            {
                var known = manifest.Parameters.Count == 0 ? "it has none" : "its parameters: " + string.Join(", ", manifest.Parameters.Select(p => p.Name));
                throw HoistException.InvalidArgument($"package '{manifest.Name}' has no parameter '{name}'", $"{known} (and the limits {string.Join(", ", ResourceLimits.Names)})");
            }

            if (value.Contains('\n') || value.Contains('\r'))
            {
                throw HoistException.InvalidArgument($"the value of '{name}' has a line break");
            }

            values[name] = value;
        }

        return new ParameterValues(manifest, values);
    }

    /// <summary>The package files that line parameters change.</summary>
    public IEnumerable<string> LineTargetFiles =>
        _manifest.Parameters.SelectMany(p => p.Targets).Where(t => !t.IsContent).Select(t => t.File).Distinct(StringComparer.Ordinal);

    /// <summary>The content parameters that were given a value: (parameter, path in the app, path on the machine).</summary>
    public IEnumerable<(string Name, string Target, string Source)> Contents =>
        _manifest.Parameters
            .Where(p => Values[p.Name].Length > 0 && Values[p.Name] != p.Default)
            .SelectMany(p => p.Targets.Where(t => t.IsContent).Select(t => (p.Name, t.Content!, Values[p.Name])));

    /// <summary>The text of <paramref name="file"/> with every line parameter applied: each line that reads
    /// as a target's template filled with the default gets the value, keeping its indentation. Throws
    /// <see cref="ErrorKind.FailedPrecondition"/> when a target matches no line (the package and its
    /// manifest disagree).</summary>
    public string Apply(string file, string text)
    {
        var lines = text.Split('\n');
        foreach (var parameter in _manifest.Parameters)
        {
            foreach (var target in parameter.Targets.Where(t => !t.IsContent && t.File == file))
            {
                var before = target.Line.Replace("{value}", parameter.Default, StringComparison.Ordinal);
                var after = target.Line.Replace("{value}", Values[parameter.Name], StringComparison.Ordinal);
                var matched = false;
                for (var i = 0; i < lines.Length; i++)
                {
                    if (lines[i].Trim() == before)
                    {
                        lines[i] = lines[i][..(lines[i].Length - lines[i].TrimStart().Length)] + after;
                        matched = true;
                    }
                }

                if (!matched)
                {
                    throw HoistException.FailedPrecondition(
                        $"parameter '{parameter.Name}': {file} has no line '{before}'", "fix the package's manifest with 'hoist package edit'");
                }
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>The port a service listens on with these values: a line parameter whose default is the
    /// sequenced port number sets it.</summary>
    public int EffectivePort(int port)
    {
        var text = port.ToString(CultureInfo.InvariantCulture);
        var parameter = _manifest.Parameters.FirstOrDefault(p => p.Default == text && p.Targets.Any(t => !t.IsContent));
        return parameter is not null && int.TryParse(Values[parameter.Name], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and < 65536
            ? value
            : port;
    }
}
