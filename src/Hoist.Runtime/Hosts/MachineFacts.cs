using System.Globalization;
using Hoist.Linux;
using Hoist.Packaging.Compatibility;

namespace Hoist.Runtime.Hosts;

/// <summary>
/// The facts of this machine's own OS (host 'local'), kept in a cache file: probing them reads every
/// library directory (tens of milliseconds, on each start of an app on this machine). The cache holds
/// while what the probe reads is unchanged (<see cref="HostFactsProbe.Inputs"/>; inode, size and
/// modification time of each).
/// </summary>
public static class MachineFacts
{
    public static HostFacts Read(string name, string cacheDirectory)
    {
        var file = Path.Combine(cacheDirectory, "machine-facts");
        var fingerprint = Fingerprint();
        try
        {
            var lines = File.ReadAllLines(file);
            if (lines.Length >= 3 && lines[0] == fingerprint)
            {
                return new HostFacts(name, lines[1], lines[2].Length == 0 ? null : lines[2], lines[3..]);
            }
        }
        catch (IOException)
        {
            // No cache yet, or unreadable: probe.
        }

        var facts = HostFactsProbe.FromRoot(name, "/");
        try
        {
            Directory.CreateDirectory(cacheDirectory);
            var temporary = $"{file}.{Environment.ProcessId}";
            File.WriteAllLines(temporary, [fingerprint, facts.Architecture, facts.Glibc ?? string.Empty, .. facts.Libraries]);
            File.Move(temporary, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only costs the next start a probe.
        }

        return facts;
    }

    private static string Fingerprint() => string.Join(
        ' ',
        HostFactsProbe.Inputs("/").Select(path => LinuxFiles.TryLStat(path) is { } status
            ? string.Create(CultureInfo.InvariantCulture, $"{status.Inode}:{status.Size}:{status.ModifiedSeconds}.{status.ModifiedNanoseconds}")
            : "-"));
}
