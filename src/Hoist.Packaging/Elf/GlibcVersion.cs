using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Hoist.Packaging.Elf;

/// <summary>
/// A GNU C library version, as glibc names the symbol versions it defines (GLIBC_2.2.5,
/// GLIBC_2.34). Versions compare number by number, so 2.10 is newer than 2.9, and a missing
/// third number counts as 0 (2.2 equals 2.2.0).
/// </summary>
/// <param name="Major">The first number (2 for every glibc since 1997).</param>
/// <param name="Minor">The second number (36 in Debian 12, 41 in Debian 13).</param>
/// <param name="Patch">The third number, 0 when the name has none (5 in GLIBC_2.2.5).</param>
public readonly record struct GlibcVersion(int Major, int Minor, int Patch = 0) : IComparable<GlibcVersion>
{
    private const string Prefix = "GLIBC_";

    /// <summary>The symbol version name glibc gives this version: "GLIBC_2.34".</summary>
    public string SymbolVersion => Prefix + ToString();

    /// <summary>
    /// Reads "GLIBC_2.34", "GLIBC_2.2.5", "2.36": two or three decimal numbers separated by dots,
    /// with or without the GLIBC_ prefix. False for anything else, GLIBC_PRIVATE and
    /// GLIBC_ABI_DT_RELR included, which name no release.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out GlibcVersion version)
    {
        version = default;
        if (text is null)
        {
            return false;
        }

        var numbers = (text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..] : text).Split('.');
        if (numbers.Length is < 2 or > 3)
        {
            return false;
        }

        var values = new int[3];
        for (var i = 0; i < numbers.Length; i++)
        {
            if (!int.TryParse(numbers[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }

        version = new GlibcVersion(values[0], values[1], values[2]);
        return true;
    }

    /// <summary>Like <see cref="TryParse"/>, but throws <see cref="FormatException"/> for text that is no version.</summary>
    public static GlibcVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a glibc version such as 2.36");

    public int CompareTo(GlibcVersion other)
    {
        var major = Major.CompareTo(other.Major);
        if (major != 0)
        {
            return major;
        }

        var minor = Minor.CompareTo(other.Minor);
        return minor != 0 ? minor : Patch.CompareTo(other.Patch);
    }

    /// <summary>"2.34", or "2.2.5" when there is a third number.</summary>
    public override string ToString() =>
        Patch == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}")
            : string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");

    public static bool operator <(GlibcVersion left, GlibcVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(GlibcVersion left, GlibcVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(GlibcVersion left, GlibcVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(GlibcVersion left, GlibcVersion right) => left.CompareTo(right) >= 0;
}
