using System.Buffers.Binary;
using System.Net;

namespace Hoist.Runtime.Network;

/// <summary>The addresses of a lab's IPv4 subnet: the network address, then the gateway (the bridge),
/// then the host addresses, then the broadcast address.</summary>
internal sealed class LabSubnet
{
    private readonly IPNetwork _network;
    private readonly long _size;

    /// <summary>The subnet must be IPv4 with a prefix of at most 30 (see <see cref="LabNetworkOptions.Validate"/>).</summary>
    public LabSubnet(IPNetwork network)
    {
        _network = network;
        _size = 1L << (32 - network.PrefixLength);
        Gateway = At(1);
    }

    /// <summary>The subnet's first address (.1 of a /24), which the bridge holds.</summary>
    public IPAddress Gateway { get; }

    /// <summary>The addresses hosts may take, lowest first: from the second (.2) to the last before the
    /// broadcast address (.254).</summary>
    public IEnumerable<IPAddress> HostAddresses()
    {
        for (var offset = 2L; offset < _size - 1; offset++)
        {
            yield return At(offset);
        }
    }

    public long HostAddressCount => _size - 3;

    public IPAddress FirstHostAddress => At(2);

    public IPAddress LastHostAddress => At(_size - 2);

    /// <summary>True when <paramref name="address"/> is one of <see cref="HostAddresses"/>.</summary>
    public bool IsHostAddress(IPAddress address)
    {
        if (!_network.Contains(address))
        {
            return false;
        }

        var offset = ToNumber(address) - ToNumber(_network.BaseAddress);
        return offset >= 2 && offset < _size - 1;
    }

    private static long ToNumber(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    private IPAddress At(long offset)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(ToNumber(_network.BaseAddress) + offset));
        return new IPAddress(bytes);
    }
}
