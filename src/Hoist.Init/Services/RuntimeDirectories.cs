using System.Runtime.InteropServices;
using Hoist.Init.Interop;
using Hoist.Supervision;

namespace Hoist.Init.Services;

/// <summary>systemd's RuntimeDirectory=: directories made before each start and given to the service.</summary>
internal static class RuntimeDirectories
{
    private static bool IsOwnedBy(RuntimeDirectoryPlan directory)
    {
        var status = Hoist.Linux.LinuxFiles.LStat(directory.Path);
        return status.Uid == directory.Uid && status.Gid == directory.Gid;
    }

    /// <summary>Creates each directory with its parents (mkdir -p), then sets its owner and mode, even when
    /// it existed (a restart finds what the last run left, maybe with other owners). Throws
    /// <see cref="StartFailure"/> naming the directory.</summary>
    public static void Create(IReadOnlyList<RuntimeDirectoryPlan> directories)
    {
        foreach (var directory in directories)
        {
            try
            {
                Directory.CreateDirectory(directory.Path);
                // Skipped when the owner is right already: a container may deny CAP_CHOWN to root.
                if (!IsOwnedBy(directory) && LibC.Chown(directory.Path, directory.Uid, directory.Gid) != 0)
                {
                    throw new IOException($"chown {directory.Uid}:{directory.Gid}: {Errno.Describe(Marshal.GetLastPInvokeError())}");
                }

                // chown clears setuid and setgid bits, so the mode comes after it.
                File.SetUnixFileMode(directory.Path, (UnixFileMode)Convert.ToInt32(directory.Mode, 8));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
            {
                throw StartFailure.Because($"cannot create runtime directory {directory.Path}: {e.Message}");
            }
        }
    }
}
