using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>sigfillset(3): a set with every signal (glibc leaves out its two internal ones).</summary>
    [LibraryImport("libc", EntryPoint = "sigfillset")]
    internal static unsafe partial int SigFillSet(void* signalSet);
}
