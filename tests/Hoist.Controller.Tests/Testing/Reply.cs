using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Testing;

/// <summary>How a <see cref="FakeAgent"/> answers one order: as a real agent would (the default), with a
/// given result, with a failure, never, or only once a gate opens.</summary>
internal sealed record Reply
{
    public static readonly Reply Default = new();

    /// <summary>Never answers (the order stays pending).</summary>
    public static readonly Reply Never = new() { Silent = true };

    public bool Silent { get; init; }

    public string? Error { get; init; }

    public OrderResult? Result { get; init; }

    /// <summary>Waits for this before answering (the agent is busy meanwhile, as a real one would be).</summary>
    public Task? Gate { get; init; }

    public static Reply Fail(string error) => new() { Error = error };

    public static Reply With(OrderResult result) => new() { Result = result };

    public static Reply After(Task gate) => new() { Gate = gate };
}
