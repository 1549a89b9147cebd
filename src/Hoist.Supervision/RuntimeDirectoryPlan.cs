namespace Hoist.Supervision;

/// <summary>A directory hoist-init creates before a service starts (systemd's RuntimeDirectory=).</summary>
public sealed record RuntimeDirectoryPlan
{
    /// <summary>An absolute path in the app's root (/run/redis).</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>Its mode, in octal ("2755").</summary>
    public string Mode { get; set; } = "0755";

    public uint Uid { get; set; }

    public uint Gid { get; set; }
}
