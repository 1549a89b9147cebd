using Hoist.Core.Storage;
using Hoist.Runtime.Network;

namespace Hoist.Cli.Lab;

/// <summary>Where a lab lives on this machine: $HOIST_HOME/lab, with the controller's home, each host's own
/// Hoist home, the logs, and lab.json; and its network (docs/fabric.md, The lab).</summary>
internal sealed class LabLayout
{
    public const int DefaultPort = 7780;

    public LabLayout(HoistHome home)
    {
        Home = home;
        Root = Path.Combine(home.Root, "lab");
    }

    public HoistHome Home { get; }

    public string Root { get; }

    public string StateFile => Path.Combine(Root, "lab.json");

    public string ControllerHome => Path.Combine(Root, "controller");

    public string Logs => Path.Combine(Root, "logs");

    public string ControllerLog => Path.Combine(Logs, "controller.log");

    public string HostRoot(string host) => Path.Combine(Root, "hosts", host);

    public string AgentLog(string host) => Path.Combine(Logs, $"agent-{host}.log");

    /// <summary>The lab's bridge and subnet, apart from those of `hoist host create` (hoist0, 10.77.0.0/24).</summary>
    public static LabNetworkOptions Network { get; } = new()
    {
        BridgeName = "hoistlab0",
        Subnet = System.Net.IPNetwork.Parse("10.78.0.0/24"),
        NamespacePrefix = "hoistlab-",
    };
}
