namespace Hoist.Fabric.Api;

/// <summary>
/// An order from the controller to one host's agent (see docs/fabric.md, Orders). Which fields are set
/// depends on <see cref="Kind"/>. An agent carries out an order once: given the same id again it reports
/// the result it kept.
/// </summary>
public sealed record Order
{
    /// <summary>Unique in the controller, increasing.</summary>
    public long Id { get; init; }

    /// <summary>One of <see cref="OrderKinds"/>.</summary>
    public required string Kind { get; init; }

    public string? App { get; init; }

    /// <summary>The package digest (app.install, state.pull).</summary>
    public string? Package { get; init; }

    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    public IReadOnlyDictionary<string, string>? Resources { get; init; }

    /// <summary>app.install: start the app once installed.</summary>
    public bool Start { get; init; }

    /// <summary>app.stop, app.remove, state.final: how long the services get to stop.</summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary>The migration the order is a step of: state.*, and the app.* orders a migration sends.</summary>
    public string? Migration { get; init; }

    /// <summary>The copy round (state.push; state.final: the round of its frozen push, the next one being
    /// what the stop wrote).</summary>
    public int Round { get; init; }

    /// <summary>state.final: freeze before the copy (warm); false stops first (cold).</summary>
    public bool Freeze { get; init; }

    /// <summary>state.pull: the digest of the tree recipe to sync the app's state to; host.reimage: the
    /// image's tree recipe.</summary>
    public string? Recipe { get; init; }

    /// <summary>host.reimage: the library image to put under the host.</summary>
    public string? Image { get; init; }
}
