using System.Globalization;
using System.Runtime.InteropServices;
using Hoist.Init.Interop;

namespace Hoist.Init.Exec;

/// <summary>
/// The wait of a held start: exec mode did every step of its request and blocks on a pipe from hoist-init
/// until one byte comes (the start: go on to the execve) or the pipe ends (called off, or hoist-init is
/// gone: exit without running the command). A standing-by app's first services wait so, so that SIGUSR1
/// leads to their execve without a start of exec mode in between: in the gate (see <see cref="NativeGate"/>,
/// which does the same in C), and here only when the program was not found before the wait.
/// </summary>
internal static unsafe class ReleaseGate
{
    /// <summary>Returns true at once when <paramref name="descriptor"/> is null (no hold); else blocks until
    /// the release (true) or the end of the pipe (false). After a release, re-enters
    /// <paramref name="workingDirectory"/> if the one entered before the hold was removed meanwhile.
    /// Throws <see cref="ExecFailure"/>.</summary>
    public static bool Wait(string? descriptor, string workingDirectory)
    {
        if (descriptor is null)
        {
            return true;
        }

        var fd = Descriptor(descriptor);
        byte signal;
        nint read;
        while ((read = LibC.Read(fd, &signal, 1)) < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR)
        {
        }

        if (read < 0)
        {
            throw new ExecFailure($"cannot wait for the start: {Errno.Describe(Marshal.GetLastPInvokeError())}", ExecFailure.Other);
        }

        LibC.Close(fd);
        if (read == 1 && IsRemoved("."))
        {
            // A directory removed and made again while the service was held: enter the new one, now with
            // the service's own credentials.
            if (LibC.Chdir(workingDirectory) != 0)
            {
                throw new ExecFailure($"cannot change directory to {workingDirectory}: {Errno.Describe(Marshal.GetLastPInvokeError())}", ExecFailure.Other);
            }
        }

        return read == 1;
    }

    /// <summary>The descriptor HOIST_EXEC_HOLD names. Throws <see cref="ExecFailure"/>.</summary>
    public static int Descriptor(string descriptor) =>
        int.TryParse(descriptor, CultureInfo.InvariantCulture, out var fd) && fd >= 3 ? fd
            : throw new ExecFailure($"{ExecMode.HoldVariable}={descriptor} names no descriptor", ExecFailure.Other);

    // A directory that was removed has no links left, even while a process is still in it. One the
    // service's user cannot search (entered while privileged) cannot be looked at: it is kept.
    private static bool IsRemoved(string path)
    {
        try
        {
            return Hoist.Linux.LinuxFiles.LStat(path).LinkCount == 0;
        }
        catch (Hoist.Linux.LinuxException)
        {
            return false;
        }
    }
}
