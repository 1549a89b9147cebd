using Hoist.Init.Exec;
using Hoist.Init.Interop;
using Hoist.Init.Processes;

namespace Hoist.Init;

/// <summary>
/// hoist-init [--spec PATH]: supervise the app the spec describes (default /.hoist/app.json).
/// hoist-init exec: become the command of the ExecRequest in HOIST_EXEC_REQUEST.
/// </summary>
internal static class Program
{
    private const string DefaultSpec = "/.hoist/app.json";

    private const string Usage = """
        usage: hoist-init [--spec PATH] [--standby]
                                          supervise the app's services (default spec: /.hoist/app.json);
                                          with --standby, start them only once SIGUSR1 comes
               hoist-init exec            run the ExecRequest (JSON) in HOIST_EXEC_REQUEST: limits, umask,
                                          directory, bounding set, groups, gid, uid, then execve; with
                                          HOIST_EXEC_HOLD=FD, only once a byte comes on FD (exit 0 at its end)
        """;

    private static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["exec"]:
                return ExecMode.Run();
            case []:
                return await SuperviseAsync(DefaultSpec, standby: false).ConfigureAwait(false);
            case ["--standby"]:
                return await SuperviseAsync(DefaultSpec, standby: true).ConfigureAwait(false);
            case ["--spec", var path]:
                return await SuperviseAsync(path, standby: false).ConfigureAwait(false);
            case ["--spec", var path, "--standby"]:
                return await SuperviseAsync(path, standby: true).ConfigureAwait(false);
            case ["--help" or "-h"]:
                Console.Out.Write(Usage);
                return 0;
            default:
                Console.Error.Write(Usage);
                return 2;
        }
    }

    private static async Task<int> SuperviseAsync(string specPath, bool standby)
    {
        // Orphans of the app's processes (daemons that double-fork) become children of hoist-init, to be
        // reaped here, even when it is not pid 1.
        LibC.Prctl(LibC.PrSetChildSubreaper, 1, 0, 0, 0);
        // Started with SIGCHLD ignored (inherited across exec), the kernel would reap the children itself
        // and waitpid would never report how a service ended.
        SignalReset.UnIgnore(SignalNames.SigChld);
        StandardDescriptors.Ensure();
        try
        {
            var spec = SpecLoader.Load(specPath);
            return await new Supervisor(spec, TimeProvider.System).RunAsync(standby).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            Console.Error.WriteLine($"hoist-init: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            // The log directory, the status file or the notify socket cannot be made.
            Console.Error.WriteLine($"hoist-init: cannot supervise: {e.Message}");
            return 1;
        }
    }
}
