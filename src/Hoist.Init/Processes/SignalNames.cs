namespace Hoist.Init.Processes;

/// <summary>Names of the x86_64 Linux signals, for log lines.</summary>
internal static class SignalNames
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigPipe = 13;
    public const int SigTerm = 15;
    public const int SigChld = 17;
    public const int SigCont = 18;

    private static readonly string[] Names =
    [
        "0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP",
        "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",
        "SIGIO", "SIGPWR", "SIGSYS",
    ];

    /// <summary>"SIGTERM" for 15; "signal N" for a real-time or unknown one.</summary>
    public static string Name(int signal) => signal > 0 && signal < Names.Length ? Names[signal] : $"signal {signal}";
}
