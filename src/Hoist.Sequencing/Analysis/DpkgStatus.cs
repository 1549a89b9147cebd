namespace Hoist.Sequencing.Analysis;

/// <summary>Reads dpkg's database of packages, /var/lib/dpkg/status.</summary>
public static class DpkgStatus
{
    /// <summary>Returns one entry per paragraph that has a Package field, in file order. Paragraphs are
    /// separated by blank lines; field names are matched without regard to case; continuation lines
    /// (starting with a blank) belong to the field above and are not needed here. A package installed
    /// for several architectures (libc6:amd64 and libc6:i386) gives one entry per architecture.</summary>
    public static IReadOnlyList<DpkgPackage> Parse(string statusFileText)
    {
        var packages = new List<DpkgPackage>();
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in statusFileText.Split('\n').Append(string.Empty))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                Flush(fields, packages);
                continue;
            }

            var colon = line.IndexOf(':');
            if (line[0] is ' ' or '\t' || line[0] == '#' || colon <= 0)
            {
                continue;
            }

            fields.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }

        return packages;
    }

    private static void Flush(Dictionary<string, string> fields, List<DpkgPackage> packages)
    {
        if (fields.TryGetValue("Package", out var name) && name.Length > 0)
        {
            packages.Add(new DpkgPackage(
                name,
                fields.GetValueOrDefault("Version", string.Empty),
                fields.GetValueOrDefault("Architecture", string.Empty),
                fields.GetValueOrDefault("Status", string.Empty)));
        }

        fields.Clear();
    }
}
