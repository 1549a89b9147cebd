using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    internal const int PrCapBsetRead = 23;
    internal const int PrCapBsetDrop = 24;
    internal const int PrSetChildSubreaper = 36;

    /// <summary>prctl(2) with integer arguments (the C function is variadic; on the supported ABIs
    /// integer arguments pass the same way).</summary>
    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    internal static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
