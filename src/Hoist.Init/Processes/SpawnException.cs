namespace Hoist.Init.Processes;

/// <summary>posix_spawn (or a step before it) failed; the message names the step and the errno text.</summary>
internal sealed class SpawnException(string message) : IOException(message);
