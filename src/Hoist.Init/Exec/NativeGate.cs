using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Hoist.Init.Interop;
using Hoist.Supervision;

namespace Hoist.Init.Exec;

/// <summary>
/// The hold of a held start handed to the gate linked into hoist-init (Native/gate.c): an ELF constructor
/// that waits before the .NET runtime starts, in a process of one thread and a few pages. Its execve, on
/// the release, is what the start waits for: from this process it took 2.5 to 4.7 ms (the kernel stopping
/// the runtime's threads and tearing down its address space, measured with perf), from the gate 1.5 to
/// 1.7 ms. The gate gets a memfd with the hold's descriptor, the resolved program, the working directory,
/// the arguments and the environment, and does what <see cref="ReleaseGate.Wait"/> and
/// <see cref="ProgramRunner.Execute"/> do.
/// </summary>
internal static unsafe class NativeGate
{
    /// <summary>Names the gate's memfd; set only in the environment of hoist-init exec'd as the gate.</summary>
    public const string Variable = "HOIST_EXEC_GATE";

    /// <summary>Replaces this process with the gate, waiting on <paramref name="holdFd"/> to run
    /// <paramref name="program"/> (resolved, see <see cref="ProgramRunner.Resolve"/>) with the request's
    /// arguments and environment. Call it last: after every step of the request, and after the other
    /// descriptors were made close-on-exec. Returns only by throwing <see cref="ExecFailure"/>.</summary>
    public static void Enter(int holdFd, string program, ExecRequest request)
    {
        var data = MemfdCreate(Encode(holdFd, program, request));
        if (LibC.Fcntl(holdFd, LibC.FSetFd, 0) != 0)
        {
            throw Failure("keep the hold's descriptor open for the gate");
        }

        using var argv = new NativeStringArray(["hoist-init", "exec"]);
        using var envp = new NativeStringArray([$"{Variable}={data}"]);
        var self = NativeStringArray.ToNative("/proc/self/exe");
        try
        {
            LibC.Execve(self, argv.Pointer, envp.Pointer);
            throw Failure("enter the gate (execve /proc/self/exe)");
        }
        finally
        {
            NativeMemory.Free(self);
        }
    }

    /// <summary>The gate's data: NUL-terminated strings, in the order gate.c reads them.</summary>
    internal static byte[] Encode(int holdFd, string program, ExecRequest request)
    {
        var text = new StringBuilder();
        string[] head = [holdFd.ToString(CultureInfo.InvariantCulture), program, request.WorkingDirectory, request.Argv.Count.ToString(CultureInfo.InvariantCulture)];
        foreach (var value in head.Concat(request.Argv).Concat(request.Environment))
        {
            text.Append(value).Append('\0');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A memfd holding <paramref name="bytes"/>, kept across execve, positioned at its start
    /// (the gate reads it with pread).</summary>
    private static int MemfdCreate(byte[] bytes)
    {
        var fd = LibC.MemfdCreate("hoist-exec-gate", 0);
        if (fd < 0)
        {
            throw Failure("make the gate's data (memfd_create)");
        }

        fixed (byte* start = bytes)
        {
            for (var done = 0; done < bytes.Length;)
            {
                var written = LibC.Write(fd, start + done, bytes.Length - done);
                if (written < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR)
                {
                    continue;
                }

                if (written <= 0)
                {
                    throw Failure("write the gate's data");
                }

                done += (int)written;
            }
        }

        return fd;
    }

    private static ExecFailure Failure(string what) =>
        new($"cannot {what}: {Errno.Describe(Marshal.GetLastPInvokeError())}", ExecFailure.Other);
}
