using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>memfd_create(2) (glibc 2.27): an anonymous file in memory; without MFD_CLOEXEC (flags 0)
    /// its descriptor is kept across execve.</summary>
    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MemfdCreate(string name, uint flags);
}
