using System.Runtime.InteropServices;
using Hoist.Init.Interop;

namespace Hoist.Init.Exec;

/// <summary>execve with a PATH search done the way execvpe does it, but in the given environment
/// rather than this process's.</summary>
internal static unsafe class ProgramRunner
{
    /// <summary>systemd's default PATH, for an environment that has none.</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Replaces this process with argv[0] (searched in the environment's PATH when it holds no
    /// '/'); on failure throws an <see cref="ExecFailure"/> naming the program, with 127 when it was not
    /// found, 126 when it was found but cannot be executed, 1 otherwise.</summary>
    public static void Execute(IReadOnlyList<string> argv, IReadOnlyList<string> environment)
    {
        using var nativeArgv = new NativeStringArray(argv);
        using var nativeEnvironment = new NativeStringArray(environment);
        var program = argv[0];
        if (program.Contains('/'))
        {
            var errno = TryExecute(program, nativeArgv, nativeEnvironment);
            throw Failure(program, errno);
        }

        var denied = false;
        foreach (var directory in SearchPath(environment).Split(':'))
        {
            var candidate = directory.Length == 0 ? program : $"{directory.TrimEnd('/')}/{program}";
            var errno = TryExecute(candidate, nativeArgv, nativeEnvironment);
            if (errno == Errno.EACCES)
            {
                denied = true;
            }
            else if (errno is not (Errno.ENOENT or Errno.ENOTDIR))
            {
                throw Failure(candidate, errno);
            }
        }

        throw Failure(program, denied ? Errno.EACCES : Errno.ENOENT);
    }

    /// <summary>The path <see cref="Execute"/> would run argv[0] from, found without running it: argv[0]
    /// itself when it holds a '/' (its execve reports what is wrong with it), else the first file of the
    /// PATH search that this process may execute, as execve would find it. Null when the search would
    /// fail, or meets a file it cannot judge (an error other than ENOENT, ENOTDIR, EACCES): then only
    /// <see cref="Execute"/> tells which failure it is.</summary>
    public static string? Resolve(string program, IReadOnlyList<string> environment)
    {
        if (program.Contains('/'))
        {
            return program;
        }

        foreach (var directory in SearchPath(environment).Split(':'))
        {
            var candidate = directory.Length == 0 ? program : $"{directory.TrimEnd('/')}/{program}";
            if (LibC.Access(candidate, LibC.XOk) == 0)
            {
                // A directory passes access(X_OK) (search permission), but execve refuses it: EACCES, and
                // the search goes on.
                if (!Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
            else if (Marshal.GetLastPInvokeError() is not (Errno.ENOENT or Errno.ENOTDIR or Errno.EACCES))
            {
                return null;
            }
        }

        return null;
    }

    private static string SearchPath(IReadOnlyList<string> environment)
    {
        var path = environment.LastOrDefault(v => v.StartsWith("PATH=", StringComparison.Ordinal));
        return path is null ? DefaultPath : path[5..];
    }

    private static int TryExecute(string path, NativeStringArray argv, NativeStringArray environment)
    {
        var nativePath = NativeStringArray.ToNative(path);
        try
        {
            LibC.Execve(nativePath, argv.Pointer, environment.Pointer);
            return Marshal.GetLastPInvokeError();
        }
        finally
        {
            NativeMemory.Free(nativePath);
        }
    }

    private static ExecFailure Failure(string program, int errno) => new(
        $"cannot run {program}: {Errno.Describe(errno)}",
        errno switch
        {
            Errno.ENOENT or Errno.ENOTDIR => ExecFailure.NotFound,
            Errno.EACCES or Errno.ENOEXEC or Errno.EPERM => ExecFailure.NotExecutable,
            _ => ExecFailure.Other,
        });
}
