using System.CommandLine;
using Hoist.Core.Errors;

namespace Hoist.Cli.Commands;

/// <summary>The repeatable --set KEY=VALUE option.</summary>
internal static class SettingsOption
{
    public static Option<string[]> Create(string description) => new("--set")
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>KEY=VALUE pairs as a map; throws <see cref="ErrorKind.InvalidArgument"/> for one without '='
    /// or given twice.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string[]? settings)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setting in settings ?? [])
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw HoistException.InvalidArgument($"--set '{setting}' is not of the form KEY=VALUE");
            }

            if (!values.TryAdd(setting[..equals], setting[(equals + 1)..]))
            {
                throw HoistException.InvalidArgument($"--set gives '{setting[..equals]}' twice");
            }
        }

        return values;
    }
}
