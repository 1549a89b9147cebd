namespace Hoist.Supervision;

/// <summary>The variables a service starts with, as systemd gives them.</summary>
public static class ServiceEnvironment
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>PATH and LANG; USER, LOGNAME and HOME when the service has a user; then its own
    /// Environment= entries, which override those.</summary>
    public static Dictionary<string, string> Base(string? user, string? home, IReadOnlyDictionary<string, string> environment)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = DefaultPath, ["LANG"] = "C.UTF-8" };
        if (user is not null)
        {
            result["USER"] = user;
            result["LOGNAME"] = user;
            result["HOME"] = home ?? "/";
        }

        foreach (var (key, value) in environment)
        {
            result[key] = value;
        }

        return result;
    }
}
