using Hoist.Init.Logging;
using Hoist.Init.Notify;
using Hoist.Init.Processes;
using Hoist.Init.Status;
using Hoist.Supervision;

namespace Hoist.Init.Services;

/// <summary>What every service runner of one supervisor shares; <see cref="Notifications"/> is null when no
/// service is of Type notify.</summary>
internal sealed record SupervisorContext(
    InitSpec Spec,
    ProcessSpawner Spawner,
    ChildReaper Reaper,
    ProcessGroups Groups,
    OutputPump Pump,
    StatusBoard Status,
    EventLog Events,
    NotifyListener? Notifications,
    TimeProvider Time);
