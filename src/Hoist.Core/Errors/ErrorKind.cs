namespace Hoist.Core.Errors;

/// <summary>
/// The few categories of failure that Hoist reports. The CLI maps each to one exit code and the
/// REST API to one status code, each in one place; everything else is an internal failure.
/// </summary>
public enum ErrorKind
{
    /// <summary>The input is malformed: a bad name, a bad option value, a file that is not what it claims.</summary>
    InvalidArgument,

    /// <summary>A named thing (image, package, app, host, file) does not exist.</summary>
    NotFound,

    /// <summary>A thing with that name exists already.</summary>
    AlreadyExists,

    /// <summary>The request is well formed but the system is not in a state to carry it out.</summary>
    FailedPrecondition,

    /// <summary>A component the operation needs is missing or not answering (a tool, a mirror, a disk).</summary>
    Unavailable,

    /// <summary>The user cancelled the operation (Ctrl-C, SIGTERM).</summary>
    Cancelled,
}
