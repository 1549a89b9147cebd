using System.Runtime.InteropServices;

namespace Hoist.Linux;

/// <summary>A system call failed; the message names the call, the path and the errno text.</summary>
public sealed class LinuxException : IOException
{
    public LinuxException(string call, string path, int errno)
        : base($"{call} {path}: {Marshal.GetPInvokeErrorMessage(errno)}")
    {
        Call = call;
        Path = path;
        Errno = errno;
    }

    public string Call { get; }

    public string Path { get; }

    public int Errno { get; }

    internal static LinuxException FromLastError(string call, string path) =>
        new(call, path, Marshal.GetLastPInvokeError());
}
