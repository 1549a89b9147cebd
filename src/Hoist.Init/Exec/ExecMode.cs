using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Hoist.Init.Interop;
using Hoist.Supervision;

namespace Hoist.Init.Exec;

/// <summary>
/// `hoist-init exec`: becomes the command of an <see cref="ExecRequest"/> read from HOIST_EXEC_REQUEST.
/// The steps run in a fixed order: the file limit, the umask and the working directory while still
/// privileged; then the bounding set (PR_CAPBSET_DROP needs CAP_SETPCAP, which setuid takes away); then
/// groups, gid and uid last; then execve with exactly the request's environment. With HOIST_EXEC_HOLD, the
/// process waits before that execve until hoist-init releases it: in the gate linked into this binary
/// (see <see cref="NativeGate"/>), or, when the program is not found before the wait, here (see
/// <see cref="ReleaseGate"/>).
/// </summary>
internal static class ExecMode
{
    public const string RequestVariable = "HOIST_EXEC_REQUEST";

    /// <summary>Names the descriptor of the pipe to wait on before the execve (a held start).</summary>
    public const string HoldVariable = "HOIST_EXEC_HOLD";

    /// <summary>Runs the request; returns only on failure, with 127 (program not found), 126 (not
    /// executable) or 1 (any other step failed), after printing one line naming the failure to stderr;
    /// or with 0, silently, when a held start is called off (its pipe closed without a release).</summary>
    public static int Run()
    {
        try
        {
            if (Environment.GetEnvironmentVariable(NativeGate.Variable) is not null)
            {
                // Only a binary built without Native/gate.c gets here: its constructor never returns.
                throw new ExecFailure($"{NativeGate.Variable} is set, but this hoist-init has no gate linked in (Native/gate.c)", ExecFailure.Other);
            }

            var request = ReadRequest();
            SetFileLimit(request.LimitNoFile);
            LibC.Umask(ParseUmask(request.UMask));
            Check(LibC.Chdir(request.WorkingDirectory), $"change directory to {request.WorkingDirectory}");
            if (request.Capabilities is { } keep)
            {
                DropCapabilities(keep);
            }

            SetCredentials(request);
            SignalReset.ToDefaults();
            // The runtime of this process may hold descriptors without FD_CLOEXEC; none may leak into the app.
            LibC.CloseRange(3, uint.MaxValue, LibC.CloseRangeCloExec);
            var hold = Environment.GetEnvironmentVariable(HoldVariable);
            // Held, the wait is the gate's, in a process whose execve is cheap (see NativeGate). A program
            // that is not found now waits here, so that its failure is reported at the start, as without
            // a hold, and not at once.
            if (hold is not null && ProgramRunner.Resolve(request.Argv[0], request.Environment) is { } program)
            {
                NativeGate.Enter(ReleaseGate.Descriptor(hold), program, request);
            }

            if (!ReleaseGate.Wait(hold, request.WorkingDirectory))
            {
                return 0;
            }

            ProgramRunner.Execute(request.Argv, request.Environment);
            return ExecFailure.Other;
        }
        catch (ExecFailure failure)
        {
            Console.Error.WriteLine($"hoist-init exec: {failure.Message}");
            return failure.ExitCode;
        }
    }

    private static ExecRequest ReadRequest()
    {
        var json = Environment.GetEnvironmentVariable(RequestVariable);
        if (string.IsNullOrEmpty(json))
        {
            throw new ExecFailure($"{RequestVariable} is not set: it must hold the request as JSON", ExecFailure.Other);
        }

        try
        {
            var request = JsonSerializer.Deserialize(json, SupervisionJson.Default.ExecRequest);
            return request is { Argv.Count: > 0 } ? request
                : throw new ExecFailure($"{RequestVariable} names no command (Argv is empty)", ExecFailure.Other);
        }
        catch (JsonException e)
        {
            throw new ExecFailure($"{RequestVariable} is not a valid request: {e.Message}", ExecFailure.Other);
        }
    }

    /// <summary>Sets the soft and hard RLIMIT_NOFILE to the request, lowered to the current hard limit
    /// (raising the hard limit is refused in a container, even to root).</summary>
    private static void SetFileLimit(long? requested)
    {
        if (requested is not { } value)
        {
            return;
        }

        if (value < 0)
        {
            throw new ExecFailure($"invalid LimitNoFile {value}", ExecFailure.Other);
        }

        Check(LibC.GetRLimit(LibC.RLimitNoFile, out var current), "read RLIMIT_NOFILE");
        var target = Math.Min((ulong)value, current.Maximum);
        var limit = new ResourceLimit { Current = target, Maximum = target };
        Check(LibC.SetRLimit(LibC.RLimitNoFile, limit), $"set RLIMIT_NOFILE to {target}");
    }

    /// <summary>An octal umask ("0027"); null means 022.</summary>
    internal static uint ParseUmask(string? text)
    {
        if (text is null)
        {
            return 0x12;
        }

        try
        {
            var mask = Convert.ToUInt32(text, 8);
            return mask <= 0x1ff ? mask : throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new ExecFailure($"invalid umask '{text}': it must be octal, 0000 to 0777", ExecFailure.Other);
        }
    }

    /// <summary>Drops from the bounding set every capability not in <paramref name="keep"/>, up to the
    /// kernel's last one. A capability already absent is left alone, so that an unprivileged caller whose
    /// set is already small enough does not fail.</summary>
    private static void DropCapabilities(IReadOnlyList<string> keep)
    {
        var kept = new HashSet<int>();
        foreach (var name in keep)
        {
            kept.Add(CapabilityNames.TryParse(name, out var number) ? number
                : throw new ExecFailure($"unknown capability '{name}'", ExecFailure.Other));
        }

        for (var cap = 0; cap <= LastCapability(); cap++)
        {
            if (kept.Contains(cap) || LibC.Prctl(LibC.PrCapBsetRead, (nuint)cap, 0, 0, 0) != 1)
            {
                continue;
            }

            Check(LibC.Prctl(LibC.PrCapBsetDrop, (nuint)cap, 0, 0, 0), $"drop {CapabilityNames.NameOf(cap)} from the bounding set");
        }
    }

    private static int LastCapability()
    {
        try
        {
            return int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return CapabilityNames.Last;
        }
    }

    /// <summary>setgroups, setgid, setuid, each skipped when it would change nothing: a container may deny
    /// CAP_SETGID and CAP_SETUID, and a service that runs as root (or `hoist exec` as the app's user) needs
    /// neither.</summary>
    private static unsafe void SetCredentials(ExecRequest request)
    {
        var groups = request.Groups.Distinct().Order().ToArray();
        if (!groups.SequenceEqual(CurrentGroups()))
        {
            fixed (uint* list = groups)
            {
                var shown = groups.Length == 0 ? "(none)" : string.Join(',', groups);
                Check(LibC.SetGroups((nuint)groups.Length, list), $"set supplementary groups to {shown}");
            }
        }

        if (LibC.GetGid() != request.Gid || LibC.GetEGid() != request.Gid)
        {
            Check(LibC.SetGid(request.Gid), $"set group id {request.Gid}");
        }

        if (LibC.GetUid() != request.Uid || LibC.GetEUid() != request.Uid)
        {
            Check(LibC.SetUid(request.Uid), $"set user id {request.Uid}");
        }
    }

    /// <summary>The supplementary groups of this process, sorted, without repeats.</summary>
    private static unsafe uint[] CurrentGroups()
    {
        var count = LibC.GetGroups(0, null);
        var groups = new uint[Math.Max(count, 0)];
        fixed (uint* list = groups)
        {
            count = count > 0 ? LibC.GetGroups(groups.Length, list) : count;
        }

        return count < 0 ? [] : [.. groups.Take(count).Distinct().Order()];
    }

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new ExecFailure($"cannot {what}: {Errno.Describe(Marshal.GetLastPInvokeError())}", ExecFailure.Other);
        }
    }
}
