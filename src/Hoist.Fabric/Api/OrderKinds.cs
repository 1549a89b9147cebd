namespace Hoist.Fabric.Api;

/// <summary>The kinds of <see cref="Order"/> (see docs/fabric.md).</summary>
public static class OrderKinds
{
    public const string Install = "app.install";
    public const string Start = "app.start";
    public const string Stop = "app.stop";
    public const string Remove = "app.remove";
    public const string Thaw = "app.thaw";
    public const string StatePush = "state.push";
    public const string StateFinal = "state.final";
    public const string StatePull = "state.pull";
    public const string Reimage = "host.reimage";
}
