using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    internal const int SigSetMask = 2;

    /// <summary>pthread_sigmask(3): the calling thread's signal mask, which execve keeps. Returns 0 or an errno value.</summary>
    [LibraryImport("libc", EntryPoint = "pthread_sigmask")]
    internal static unsafe partial int PthreadSigMask(int how, void* set, void* oldSet);
}
