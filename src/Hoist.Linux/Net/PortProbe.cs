using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Hoist.Linux.Interop;

namespace Hoist.Linux.Net;

/// <summary>
/// Whether a port of this process's network namespace is taken, found by binding it on every address:
/// an IPv6 socket that also takes IPv4 (or an IPv4 socket where the kernel has no IPv6). SO_REUSEADDR
/// lets a TCP port pass whose connections only wait out TIME_WAIT. Made with the system calls alone:
/// .NET's Socket starts its event loop thread on first use, 0.8 ms of `hoist start` before the signal.
/// </summary>
public static class PortProbe
{
    private const int AfInet = 2;
    private const int AfInet6 = 10;
    private const int SockStream = 1;
    private const int SockDgram = 2;
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;
    private const int IpProtoIpv6 = 41;
    private const int Ipv6V6Only = 26;
    private const int EAfNoSupport = 97;
    private const int EAddrInUse = 98;

    /// <summary>True when a socket holds <paramref name="port"/> (TCP, or UDP with <paramref name="udp"/>).
    /// Throws <see cref="LinuxException"/> when the probe itself fails.</summary>
    public static bool IsTaken(int port, bool udp)
    {
        var type = (udp ? SockDgram : SockStream) | LibC.SockCloexec;
        var family = AfInet6;
        var descriptor = LibC.Socket(family, type, 0);
        if (descriptor < 0 && Marshal.GetLastPInvokeError() == EAfNoSupport)
        {
            family = AfInet;
            descriptor = LibC.Socket(family, type, 0);
        }

        if (descriptor < 0)
        {
            throw LinuxException.FromLastError("socket", $"port {port}");
        }

        try
        {
            SetOption(descriptor, SolSocket, SoReuseAddr, 1, port);
            if (family == AfInet6)
            {
                SetOption(descriptor, IpProtoIpv6, Ipv6V6Only, 0, port);
            }

            return !Bind(descriptor, family, port);
        }
        finally
        {
            LibC.Close(descriptor);
        }
    }

    private static unsafe void SetOption(int descriptor, int level, int name, int value, int port)
    {
        if (LibC.SetSockOpt(descriptor, level, name, &value, sizeof(int)) != 0)
        {
            throw LinuxException.FromLastError("setsockopt", $"port {port}");
        }
    }

    // Binds the wildcard address (sockaddr_in6 or sockaddr_in, zeroed but for family and port); false
    // when the port is in use.
    private static unsafe bool Bind(int descriptor, int family, int port)
    {
        Span<byte> address = stackalloc byte[family == AfInet6 ? 28 : 16];
        address.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(address, (ushort)family);
        BinaryPrimitives.WriteUInt16BigEndian(address[2..], (ushort)port);
        fixed (byte* pointer = address)
        {
            if (LibC.Bind(descriptor, pointer, (uint)address.Length) == 0)
            {
                return true;
            }
        }

        if (Marshal.GetLastPInvokeError() != EAddrInUse)
        {
            throw LinuxException.FromLastError("bind", $"port {port}");
        }

        return false;
    }
}
