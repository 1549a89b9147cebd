using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>The size reserved for a struct sigaction (152 bytes on glibc x86_64); its first field
    /// is the handler, where SIG_DFL is 0 and SIG_IGN is 1.</summary>
    internal const int SigActionSize = 256;

    /// <summary>sigaction(2): reads (<paramref name="newAction"/> null) or sets the action of a signal.</summary>
    [LibraryImport("libc", EntryPoint = "sigaction", SetLastError = true)]
    internal static unsafe partial int SigAction(int signal, void* newAction, void* oldAction);
}
