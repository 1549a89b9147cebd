using Hoist.Init.Interop;

namespace Hoist.Init.Exec;

/// <summary>Gives the program a clean signal state. execve resets caught signals by itself, but an
/// ignored signal stays ignored and the mask is kept; the .NET runtime of exec mode ignores SIGPIPE,
/// which would make a server killed by a broken pipe loop on EPIPE instead. (The runtime catches no stop
/// signal in exec mode, SIGSEGV, SIGFPE and two real-time signals only: a SIGTERM that comes before the
/// execve ends the process as it would have ended the program.)</summary>
internal static unsafe class SignalReset
{
    private const int SigKill = 9;
    private const int SigStop = 19;
    private const int LastSignal = 64;

    /// <summary>Every ignored signal gets its default action and the calling thread's mask is emptied.
    /// Signals the runtime catches are left alone until the exec, so none of them kills this process early.</summary>
    public static void ToDefaults()
    {
        for (var signal = 1; signal <= LastSignal; signal++)
        {
            if (signal is not (SigKill or SigStop))
            {
                UnIgnore(signal);
            }
        }

        var empty = stackalloc byte[LibC.SignalSetSize];
        LibC.SigEmptySet(empty);
        LibC.PthreadSigMask(LibC.SigSetMask, empty, null);
    }

    /// <summary>Gives <paramref name="signal"/> its default action if it is ignored; a caught signal is
    /// left alone.</summary>
    public static void UnIgnore(int signal)
    {
        var current = stackalloc byte[LibC.SigActionSize];
        if (LibC.SigAction(signal, null, current) == 0 && *(nint*)current == 1)
        {
            var defaults = stackalloc byte[LibC.SigActionSize];
            new Span<byte>(defaults, LibC.SigActionSize).Clear();
            LibC.SigAction(signal, defaults, null);
        }
    }
}
