using Hoist.Fabric.Api;

namespace Hoist.Controller.Migrations;

/// <summary>How a migration's order ended: done with its result, or failed (its agent said so, or its host
/// stayed offline past the order timeout) with the reason.</summary>
internal sealed record StepOutcome(bool Ok, OrderResult? Result, string? Error, DateTimeOffset At)
{
    /// <summary>True when the host stayed silent: the order may still be carried out when it returns.</summary>
    public bool TimedOut { get; init; }
}
