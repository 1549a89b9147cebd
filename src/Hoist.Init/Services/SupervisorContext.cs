using Hoist.Init.Logging;
using Hoist.Init.Processes;
using Hoist.Init.Status;
using Hoist.Supervision;

namespace Hoist.Init.Services;

/// <summary>What every service runner of one supervisor shares.</summary>
internal sealed record SupervisorContext(
    InitSpec Spec,
    ProcessSpawner Spawner,
    ChildReaper Reaper,
    ProcessGroups Groups,
    OutputPump Pump,
    StatusBoard Status,
    EventLog Events,
    TimeProvider Time);
