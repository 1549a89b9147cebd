namespace Hoist.Sequencing.Analysis;

/// <summary>A symbolic link the installer added under /etc/systemd/system (as systemctl enable does for
/// a unit's Alias=).</summary>
/// <param name="LinkPath">The link's absolute path (/etc/systemd/system/kvstore.service).</param>
/// <param name="Target">What the link points to, as stored in the link (absolute or relative; /dev/null masks a unit).</param>
public sealed record AliasLink(string LinkPath, string Target);
