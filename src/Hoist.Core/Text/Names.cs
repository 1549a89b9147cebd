using System.Text.RegularExpressions;
using Hoist.Core.Errors;

namespace Hoist.Core.Text;

/// <summary>The rules for the names users give to images, packages, apps and hosts.</summary>
public static partial class Names
{
    /// <summary>Throws <see cref="ErrorKind.InvalidArgument"/> unless <paramref name="name"/> is 1 to 63
    /// characters of lowercase letters, digits, '.', '_', '+' and '-', starting with a letter or digit.
    /// <paramref name="what"/> names the kind of thing in the message ("image name").</summary>
    public static string Validate(string name, string what)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw HoistException.InvalidArgument(
                $"{what} '{name}' is not valid",
                "use 1 to 63 lowercase letters, digits, '.', '_', '+' or '-', starting with a letter or digit");
        }

        return name;
    }

    /// <summary>Throws <see cref="ErrorKind.InvalidArgument"/> unless <paramref name="version"/> is 1 to 128
    /// printable characters without spaces or '/' (Debian versions such as 5:7.0.15-1~deb12u1 pass).</summary>
    public static string ValidateVersion(string version)
    {
        if (version.Length is 0 or > 128 || version.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '/'))
        {
            throw HoistException.InvalidArgument($"version '{version}' is not valid", "use up to 128 characters, without spaces or '/'");
        }

        return version;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._+-]{0,62}$")]
    private static partial Regex NamePattern();
}
