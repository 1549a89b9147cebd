using System.Text.Json;
using Hoist.Init.Exec;
using Hoist.Init.Interop;
using Hoist.Init.Logging;
using Hoist.Supervision;

namespace Hoist.Init.Processes;

/// <summary>
/// Starts commands the way hoist-init runs everything: posix_spawn of /proc/self/exe in exec mode, with
/// the <see cref="ExecRequest"/> in HOIST_EXEC_REQUEST, so that credentials, limits and the bounding set
/// are applied by a fresh single-purpose process instead of between fork and exec of this multi-threaded
/// one. The child gets stdin from /dev/null, stdout and stderr on pipes read by the <see cref="OutputPump"/>
/// (or /dev/null), every signal at its default action and an empty mask, and its own process group.
/// </summary>
internal sealed unsafe class ProcessSpawner(ChildReaper reaper, OutputPump pump)
{
    /// <summary>Where a held child finds the read end of its hold pipe.</summary>
    private const int HoldDescriptor = 3;

    private static readonly SupervisionJson CompactJson = new(new JsonSerializerOptions(SupervisionJson.Default.Options) { WriteIndented = false });

    /// <summary>The program spawned; "/proc/self/exe" unless a test says otherwise.</summary>
    public string Executable { get; init; } = "/proc/self/exe";

    /// <summary>Starts <paramref name="request"/>; its output goes to <paramref name="log"/> line by line, or
    /// nowhere when null. Throws <see cref="SpawnException"/> when the process cannot be created (a
    /// missing program is not such a case: exec mode reports it and exits 127).</summary>
    public SpawnedProcess Spawn(ExecRequest request, LogFile? log) => Spawn(Serialize(request), log, hold: false).Process;

    /// <summary>Starts <paramref name="request"/> as <see cref="Spawn(ExecRequest, LogFile?)"/> does, but
    /// held: exec mode does every step up to the execve, then waits for <see cref="HeldProcess.Release"/>.
    /// Throws <see cref="SpawnException"/>.</summary>
    public HeldProcess SpawnHeld(ExecRequest request, LogFile log)
    {
        var json = Serialize(request);
        var (process, releaseFd) = Spawn(json, log, hold: true);
        return new HeldProcess(process, json, releaseFd);
    }

    /// <summary>The request as exec mode gets it; equal for equal requests.</summary>
    public static string Serialize(ExecRequest request) => JsonSerializer.Serialize(request, CompactJson.ExecRequest);

    /// <summary>Pipes: [0, 1] stdout, [2, 3] stderr (when there is a log), [4, 5] the hold (read end at
    /// <see cref="HoldDescriptor"/> in the child). Returns the write end of the hold, or -1.</summary>
    private (SpawnedProcess Process, int ReleaseFd) Spawn(string json, LogFile? log, bool hold)
    {
        using var argv = new NativeStringArray(["hoist-init", "exec"]);
        using var envp = new NativeStringArray(hold
            ? [$"{ExecMode.RequestVariable}={json}", $"{ExecMode.HoldVariable}={HoldDescriptor}"]
            : [$"{ExecMode.RequestVariable}={json}"]);
        var pipes = stackalloc int[6] { -1, -1, -1, -1, -1, -1 };
        try
        {
            if (log is not null)
            {
                MakePipe(pipes);
                MakePipe(pipes + 2);
            }

            if (hold)
            {
                MakePipe(pipes + 4);
            }

            var exited = SpawnWithActions(pipes, argv, envp, out var pid);
            if (log is not null)
            {
                CloseFd(ref pipes[1]);
                CloseFd(ref pipes[3]);
                pump.Attach(pipes[0], log, LogLine.Out);
                pipes[0] = -1;
                pump.Attach(pipes[2], log, LogLine.Err);
                pipes[2] = -1;
            }

            var releaseFd = pipes[5];
            pipes[5] = -1;
            return (new SpawnedProcess(pid, exited), releaseFd);
        }
        finally
        {
            for (var i = 0; i < 6; i++)
            {
                CloseFd(ref pipes[i]);
            }
        }
    }

    private Task<ExitStatus> SpawnWithActions(int* pipes, NativeStringArray argv, NativeStringArray envp, out int pid)
    {
        var actions = stackalloc byte[LibC.SpawnFileActionsSize];
        var attributes = stackalloc byte[LibC.SpawnAttributesSize];
        var emptySet = stackalloc byte[LibC.SignalSetSize];
        var fullSet = stackalloc byte[LibC.SignalSetSize];
        Check(LibC.PosixSpawnFileActionsInit(actions), "posix_spawn_file_actions_init");
        Check(LibC.PosixSpawnAttrInit(attributes), "posix_spawnattr_init");
        try
        {
            Check(LibC.PosixSpawnFileActionsAddOpen(actions, 0, "/dev/null", LibC.ORdOnly, 0), "addopen");
            if (pipes[0] >= 0)
            {
                Check(LibC.PosixSpawnFileActionsAddDup2(actions, pipes[1], 1), "adddup2");
                Check(LibC.PosixSpawnFileActionsAddDup2(actions, pipes[3], 2), "adddup2");
                Check(LibC.PosixSpawnFileActionsAddClose(actions, pipes[0]), "addclose");
                Check(LibC.PosixSpawnFileActionsAddClose(actions, pipes[2]), "addclose");
            }
            else
            {
                Check(LibC.PosixSpawnFileActionsAddOpen(actions, 1, "/dev/null", LibC.OWrOnly, 0), "addopen");
                Check(LibC.PosixSpawnFileActionsAddOpen(actions, 2, "/dev/null", LibC.OWrOnly, 0), "addopen");
            }

            if (pipes[4] >= 0)
            {
                // Last, so that no earlier action closes or replaces it. When the read end already is
                // HoldDescriptor, glibc (2.29 and later) clears its FD_CLOEXEC as POSIX asks.
                Check(LibC.PosixSpawnFileActionsAddDup2(actions, pipes[4], HoldDescriptor), "adddup2");
            }

            LibC.SigEmptySet(emptySet);
            LibC.SigFillSet(fullSet);
            Check(LibC.PosixSpawnAttrSetFlags(attributes, SpawnFlags.SetSignalMask | SpawnFlags.SetSignalDefault | SpawnFlags.SetProcessGroup), "setflags");
            Check(LibC.PosixSpawnAttrSetSigMask(attributes, emptySet), "setsigmask");
            Check(LibC.PosixSpawnAttrSetSigDefault(attributes, fullSet), "setsigdefault");
            Check(LibC.PosixSpawnAttrSetPGroup(attributes, 0), "setpgroup");
            var executable = Executable;
            return reaper.Spawn(() =>
            {
                var error = LibC.PosixSpawn(out var child, executable, actions, attributes, argv.Pointer, envp.Pointer);
                Check(error, $"posix_spawn {executable}");
                return child;
            }, out pid);
        }
        finally
        {
            LibC.PosixSpawnAttrDestroy(attributes);
            LibC.PosixSpawnFileActionsDestroy(actions);
        }
    }

    private static void MakePipe(int* fds)
    {
        if (LibC.Pipe2(fds, LibC.OCloExec) != 0)
        {
            throw new SpawnException($"pipe2: {Errno.Describe(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())}");
        }
    }

    private static void CloseFd(ref int fd)
    {
        if (fd >= 0)
        {
            LibC.Close(fd);
            fd = -1;
        }
    }

    private static void Check(int error, string call)
    {
        if (error != 0)
        {
            throw new SpawnException($"{call}: {Errno.Describe(error)}");
        }
    }
}
