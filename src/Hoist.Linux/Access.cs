using Hoist.Linux.Interop;

namespace Hoist.Linux;

/// <summary>Questions about a path that .NET cannot answer.</summary>
public static class Access
{
    private const ulong ReadOnlyFlag = 1;

    /// <summary>True when <paramref name="path"/> is on a filesystem mounted read-only (statvfs's ST_RDONLY).</summary>
    public static bool IsReadOnly(string path) =>
        LibC.StatVfs(path, out var info) == 0 && (info.Flags & ReadOnlyFlag) != 0;
}
