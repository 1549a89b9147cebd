using System.Globalization;
using Hoist.Core.Text;
using Hoist.Fabric.Api;

namespace Hoist.Cli.Fabric;

/// <summary>How the fabric's records are shown on a terminal.</summary>
internal static class FabricViews
{
    public static string Ports(IReadOnlyList<string> ports) => ports.Count == 0 ? "-" : string.Join(",", ports);

    public static string Verdict(HostVerdict verdict) => verdict.Eligible
        ? (verdict.Chosen ? "chosen" : "eligible")
        : "no";

    public static string Score(HostVerdict verdict) => verdict.Eligible ? verdict.Score.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    public static string Memory(HostView host) =>
        $"{ByteSize.Format(host.MemoryReservedBytes)}/{ByteSize.Format(host.Facts.MemoryBytes)}";

    public static string Migration(MigrationView m)
    {
        var downtime = m.DowntimeMs is { } ms ? $"downtime {ms.ToString("0", CultureInfo.InvariantCulture)} ms, " : string.Empty;
        return $"{m.App} {m.Source} -> {m.Target} ({m.Mode}): {m.Phase}; {downtime}{ByteSize.Format(m.BytesSent)} sent in {m.Rounds} round{(m.Rounds == 1 ? string.Empty : "s")}"
            + (m.Error is null ? string.Empty : $"; {m.Error}");
    }
}
