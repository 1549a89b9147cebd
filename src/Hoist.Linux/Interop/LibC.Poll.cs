using System.Runtime.InteropServices;

namespace Hoist.Linux.Interop;

internal static partial class LibC
{
    internal const short PollIn = 0x1;

    /// <summary>One descriptor for <see cref="Poll"/>: what to wait for, and what happened.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    /// <summary>poll(2): waits up to <paramref name="timeoutMilliseconds"/> for an event on the descriptors;
    /// the number of descriptors with events (0 on timeout), or -1 with errno set (EINTR: a signal came).</summary>
    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    internal static unsafe partial int Poll(PollDescriptor* descriptors, nuint count, int timeoutMilliseconds);
}
