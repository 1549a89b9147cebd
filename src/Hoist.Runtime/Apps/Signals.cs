using Hoist.Core.Errors;

namespace Hoist.Runtime.Apps;

/// <summary>Signal names as systemd writes them (SIGTERM, TERM) to their numbers on Linux.</summary>
public static class Signals
{
    private static readonly Dictionary<string, int> Numbers = new(StringComparer.Ordinal)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["KILL"] = 9, ["USR1"] = 10, ["USR2"] = 12, ["TERM"] = 15, ["CONT"] = 18, ["STOP"] = 19, ["WINCH"] = 28,
    };

    /// <summary>The number of a signal name; 15 for null. Throws <see cref="ErrorKind.InvalidArgument"/> for an unknown name.</summary>
    public static int Parse(string? name)
    {
        if (name is null)
        {
            return 15;
        }

        var key = name.StartsWith("SIG", StringComparison.Ordinal) ? name[3..] : name;
        return Numbers.TryGetValue(key, out var number) || int.TryParse(key, System.Globalization.CultureInfo.InvariantCulture, out number)
            ? number
            : throw HoistException.InvalidArgument($"'{name}' is not a signal Hoist knows");
    }
}
