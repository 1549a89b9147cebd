namespace Hoist.Controller.Model;

/// <summary>A host as its view shows it, taken under the fabric's lock (<see cref="Views.Snapshot"/>).</summary>
internal readonly record struct HostSnapshot(HostRecord Record, DateTimeOffset LastSeen, long MemoryReservedBytes, double CpusReserved, IReadOnlyList<string> Apps);
