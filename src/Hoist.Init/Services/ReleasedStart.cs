using Hoist.Init.Processes;

namespace Hoist.Init.Services;

/// <summary>A start begun by the release of a process spawned ahead (standby): the steps a start takes up
/// to its spawn are done, in the variables of <see cref="Variables"/>, and <see cref="Process"/> is on its
/// way to the execve.</summary>
/// <param name="Process">The main process, tracked by its service runner since the release.</param>
/// <param name="Variables">The environment of this start (environment files read at the release).</param>
/// <param name="Ready">For a notify service, READY=1 expected since just before the release; else null.</param>
/// <param name="Timestamp">The <see cref="System.Diagnostics.Stopwatch"/> timestamp of the release.</param>
internal sealed record ReleasedStart(SpawnedProcess Process, IReadOnlyDictionary<string, string> Variables, Task<int?>? Ready, long Timestamp);
