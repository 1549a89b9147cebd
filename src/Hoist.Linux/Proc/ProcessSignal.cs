using Hoist.Linux.Interop;

namespace Hoist.Linux.Proc;

/// <summary>Signals to processes of this machine, by pid.</summary>
public static class ProcessSignal
{
    /// <summary>Sends signal number <paramref name="signal"/> to <paramref name="pid"/>; false when the
    /// process is gone or may not be signalled.</summary>
    public static bool Send(int pid, int signal) => LibC.Kill(pid, signal) == 0;
}
