namespace Hoist.Linux;

/// <summary>The errno values Hoist acts on.</summary>
public static class Errno
{
    public const int ENOENT = 2;
    public const int ENODATA = 61;
    public const int ERANGE = 34;
    public const int ENOTSUP = 95;
}
