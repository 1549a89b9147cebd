using Hoist.Core.Errors;

namespace Hoist.Core.Processes;

/// <summary>Finds the external programs Hoist drives, and says how to install a missing one.</summary>
public static class Tools
{
    /// <summary>Returns the full path of <paramref name="name"/> on PATH (or the sbin directories, which a
    /// non-login root shell may lack), or throws <see cref="ErrorKind.Unavailable"/> naming the Debian
    /// package that provides it.</summary>
    public static string Require(string name, string debianPackage)
    {
        return Find(name) ?? throw HoistException.Unavailable(
            $"'{name}' is not installed",
            $"run ./install.sh, or apt-get install -y {debianPackage}");
    }

    /// <summary>The full path of a program, or null when it is nowhere on PATH.</summary>
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        IEnumerable<string> directories = [.. path.Split(':', StringSplitOptions.RemoveEmptyEntries), "/usr/local/sbin", "/usr/sbin", "/sbin"];
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
