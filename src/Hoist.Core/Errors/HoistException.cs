namespace Hoist.Core.Errors;

/// <summary>
/// A failure that Hoist explains to its user: the message is one line that names what failed,
/// and <see cref="Hint"/> says what to do about it. Anything thrown that is not a
/// <see cref="HoistException"/> is an internal failure.
/// </summary>
public sealed class HoistException : Exception
{
    public HoistException(ErrorKind kind, string message, string? hint = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Hint = hint;
    }

    public ErrorKind Kind { get; }

    /// <summary>What the user can do next, or null when the message says it all.</summary>
    public string? Hint { get; }

    /// <summary>Lines of context shown under the message (for example an installer's last output lines).</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary>An exit code that a command chose for this failure instead of its category's, or null.</summary>
    public int? ExitCode { get; init; }

    public static HoistException InvalidArgument(string message, string? hint = null) => new(ErrorKind.InvalidArgument, message, hint);

    public static HoistException NotFound(string message, string? hint = null) => new(ErrorKind.NotFound, message, hint);

    public static HoistException AlreadyExists(string message, string? hint = null) => new(ErrorKind.AlreadyExists, message, hint);

    public static HoistException FailedPrecondition(string message, string? hint = null) => new(ErrorKind.FailedPrecondition, message, hint);

    public static HoistException Unavailable(string message, string? hint = null) => new(ErrorKind.Unavailable, message, hint);

    public static HoistException Cancelled(string message = "cancelled") => new(ErrorKind.Cancelled, message);
}
