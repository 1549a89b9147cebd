using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    internal const int FSetFd = 2;

    /// <summary>fcntl(2) with an int argument (F_SETFD). fcntl is variadic; on the Linux ABIs .NET runs
    /// on (x86-64, arm64), an int passed to it travels as a fixed argument does.</summary>
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int Fcntl(int fd, int command, int argument);
}
