namespace Hoist.Controller.Model;

/// <summary>The states of an order.</summary>
internal static class OrderStates
{
    /// <summary>Delivered at every poll of its host until its result is reported.</summary>
    public const string Pending = "pending";

    public const string Done = "done";

    public const string Failed = "failed";

    /// <summary>No longer wanted (a migration gave up on it); no longer delivered, a late result is ignored.</summary>
    public const string Cancelled = "cancelled";
}
