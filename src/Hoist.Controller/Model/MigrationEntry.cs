using Hoist.Fabric.Api;

namespace Hoist.Controller.Model;

/// <summary>A migration in memory: its record, and what its target last said of the app (the word that
/// decides a migration in `starting`). Guarded by the fabric's lock.</summary>
internal sealed class MigrationEntry
{
    public MigrationEntry(MigrationRecord record, long seq)
    {
        Record = record;
        Seq = seq;
    }

    public MigrationRecord Record { get; set; }

    /// <summary>Its order among migrations (the table's seq; the id is "m" and this number).</summary>
    public long Seq { get; }

    /// <summary>The target's last report of the app, and when the controller received it.</summary>
    public (AppReport Report, DateTimeOffset At)? TargetReport { get; set; }

    /// <summary>Pulsed at each report from the target.</summary>
    public Signal TargetReported { get; } = new();
}
