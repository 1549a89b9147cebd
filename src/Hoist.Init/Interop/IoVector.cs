using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

/// <summary>struct iovec: one buffer of a scatter/gather read.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVector
{
    public void* Base;
    public nuint Length;
}
