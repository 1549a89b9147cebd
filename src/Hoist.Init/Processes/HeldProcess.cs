using System.Runtime.InteropServices;
using Hoist.Init.Interop;

namespace Hoist.Init.Processes;

/// <summary>
/// A process spawned in exec mode that did every step of its request and waits, just before its execve,
/// for a byte on a pipe whose write end this object holds (see Exec.ReleaseGate). <see cref="Release"/>
/// lets it run its command; <see cref="CallOff"/> closes the pipe, which ends it without running the
/// command, and so does the exit of hoist-init. Not thread-safe: one owner releases or calls off.
/// </summary>
internal sealed unsafe class HeldProcess(SpawnedProcess process, string request, int releaseFd)
{
    private int _releaseFd = releaseFd;

    public SpawnedProcess Process => process;

    /// <summary>The request it was spawned for, as the JSON exec mode got: what the release must match.</summary>
    public string Request => request;

    /// <summary>Lets the process go on to its execve. False when it cannot (it ended while held, or it was
    /// released or called off before): the caller must start the command another way.</summary>
    public bool Release()
    {
        var fd = Interlocked.Exchange(ref _releaseFd, -1);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            // A process that ended has closed its read end (no other process holds it): the write fails
            // with EPIPE. One that took the byte runs; if it dies before its execve, that is the end of
            // the service's main process.
            byte go = 1;
            nint written;
            while ((written = LibC.Write(fd, &go, 1)) < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR)
            {
            }

            return written == 1;
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    /// <summary>Closes the pipe: the process exits (0) without running its command. Idempotent; the caller
    /// waits for <see cref="SpawnedProcess.Exited"/> (or kills it, if it may be stuck before the wait).</summary>
    public void CallOff()
    {
        var fd = Interlocked.Exchange(ref _releaseFd, -1);
        if (fd >= 0)
        {
            LibC.Close(fd);
        }
    }
}
