namespace Hoist.Linux;

/// <summary>The type of a file, from the S_IFMT bits of its mode.</summary>
public enum FileKind
{
    Regular,
    Directory,
    Symlink,
    CharDevice,
    BlockDevice,
    Fifo,
    Socket,
}
