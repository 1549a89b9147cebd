using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Hoist.Core.Errors;

namespace Hoist.Runtime.Network;

/// <summary>Where lab hosts with their own network live on this machine. Tests give their own values so
/// that they never touch the defaults that real lab hosts use.</summary>
public sealed partial record LabNetworkOptions
{
    /// <summary>The Linux bridge every lab host's veth is enslaved to (at most 15 characters, the kernel's
    /// limit on interface names).</summary>
    public string BridgeName { get; init; } = "hoist0";

    /// <summary>The IPv4 subnet of the lab: the bridge takes its first address (.1 of a /24) and is every
    /// host's default gateway; hosts take the others, up to the last before the broadcast address.</summary>
    public IPNetwork Subnet { get; init; } = IPNetwork.Parse("10.77.0.0/24");

    /// <summary>A host's network namespace is named this prefix followed by the host's name.</summary>
    public string NamespacePrefix { get; init; } = "hoist-";

    /// <summary>Throws <see cref="ErrorKind.InvalidArgument"/> listing every problem at once: a bridge name
    /// that is no valid interface name, a subnet that is not IPv4 or too small for a gateway and a host,
    /// a namespace prefix with characters other than lowercase letters, digits, '.', '_' and '-'.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (!InterfaceName().IsMatch(BridgeName))
        {
            errors.Add($"bridge name '{BridgeName}': use 1 to 15 letters, digits, '_', '.' or '-'");
        }

        if (Subnet.BaseAddress.AddressFamily != AddressFamily.InterNetwork || Subnet.PrefixLength is < 8 or > 30)
        {
            errors.Add($"subnet {Subnet}: use an IPv4 subnet from /8 to /30");
        }

        if (!PrefixPattern().IsMatch(NamespacePrefix))
        {
            errors.Add($"namespace prefix '{NamespacePrefix}': use up to 32 lowercase letters, digits, '.', '_' or '-'");
        }

        if (errors.Count > 0)
        {
            throw new HoistException(ErrorKind.InvalidArgument, "the lab network's options are not valid: " + string.Join("; ", errors)) { Details = errors };
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,15}$")]
    private static partial Regex InterfaceName();

    [GeneratedRegex("^[a-z0-9._-]{0,32}$")]
    private static partial Regex PrefixPattern();
}
