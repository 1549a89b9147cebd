using System.Globalization;

namespace Hoist.Core.Storage;

/// <summary>
/// A directory for one operation's work in progress, under the library's tmp directory, removed
/// when the operation ends however it ends. Its name carries the owning process id, so that
/// <see cref="SweepStale"/> can remove what a killed process left behind.
/// </summary>
public sealed class WorkDirectory : IDisposable
{
    private WorkDirectory(string path) => Path = path;

    public string Path { get; }

    /// <summary>Creates an empty work directory named after <paramref name="purpose"/>.</summary>
    public static WorkDirectory Create(HoistHome home, string purpose)
    {
        Directory.CreateDirectory(home.Temp);
        var name = $"{purpose}-{Environment.ProcessId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";
        var path = System.IO.Path.Combine(home.Temp, name);
        Directory.CreateDirectory(path);
        return new WorkDirectory(path);
    }

    /// <summary>A path inside the work directory.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose() => FileTree.Delete(Path);

    /// <summary>Removes the work directories whose owning process is gone. A directory with
    /// something still mounted below it is left alone.</summary>
    public static void SweepStale(HoistHome home)
    {
        if (!Directory.Exists(home.Temp))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(home.Temp))
        {
            var parts = System.IO.Path.GetFileName(directory).Split('-');
            if (parts.Length < 3
                || !int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }

            if (Mounts.Below(directory).Count == 0)
            {
                FileTree.Delete(directory);
            }
        }
    }
}
