using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

/// <summary>struct epoll_event as x86_64 lays it out: packed, 12 bytes (other architectures pad it to 16;
/// hoist-init is published for linux-x64).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal struct EpollEvent
{
    public uint Events;
    public ulong Data;
}
