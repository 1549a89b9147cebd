using Hoist.Core.Errors;

namespace Hoist.Fabric;

/// <summary>The one place where error categories meet HTTP status codes (docs/fabric.md, Authentication
/// and errors). FailedPrecondition and AlreadyExists share 409; the problem's kind tells them apart.</summary>
public static class ErrorStatus
{
    public static int Of(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => 400,
        ErrorKind.NotFound => 404,
        ErrorKind.AlreadyExists => 409,
        ErrorKind.FailedPrecondition => 409,
        ErrorKind.Unavailable => 503,
        ErrorKind.Cancelled => 499,
        _ => 500,
    };

    /// <summary>The kind a problem names, else the one its status implies; null for 500 (an internal failure).</summary>
    public static ErrorKind? KindOf(string? kind, int status)
    {
        if (kind is not null && Enum.TryParse<ErrorKind>(kind, out var named))
        {
            return named;
        }

        return status switch
        {
            400 => ErrorKind.InvalidArgument,
            401 or 403 => ErrorKind.FailedPrecondition,
            404 => ErrorKind.NotFound,
            409 => ErrorKind.FailedPrecondition,
            503 => ErrorKind.Unavailable,
            _ => null,
        };
    }
}
