using Hoist.Core.Errors;

namespace Hoist.Cli.Output;

/// <summary>The exit codes of hoist, in one place. 1 is an internal failure (a bug); 2 to 6 are the
/// user's (bad input, missing thing, conflict, wrong state, missing component); 16 to 23 are the
/// reasons `hoist package check` finds a package incompatible (16 + a bit per reason).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Internal = 1;
    public const int InvalidArgument = 2;
    public const int NotFound = 3;
    public const int AlreadyExists = 4;
    public const int FailedPrecondition = 5;
    public const int Unavailable = 6;
    public const int Cancelled = 130;

    public static int For(HoistException error) => error.ExitCode ?? error.Kind switch
    {
        ErrorKind.InvalidArgument => InvalidArgument,
        ErrorKind.NotFound => NotFound,
        ErrorKind.AlreadyExists => AlreadyExists,
        ErrorKind.FailedPrecondition => FailedPrecondition,
        ErrorKind.Unavailable => Unavailable,
        ErrorKind.Cancelled => Cancelled,
        _ => Internal,
    };
}
