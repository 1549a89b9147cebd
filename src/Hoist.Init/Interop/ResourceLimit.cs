using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

/// <summary>struct rlimit: the soft (current) and hard (maximum) limit.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ResourceLimit
{
    public ulong Current;
    public ulong Maximum;
}
