using System.Net.Sockets;
using Hoist.Content.Interop;
using Hoist.Content.Tests.Chunking;
using Hoist.Linux;

namespace Hoist.Content.Tests.Trees;

/// <summary>Makes real trees with everything a state layer or an OS root can hold (as root): owners,
/// setuid bits, xattrs of every namespace, hard links, symlinks, devices, FIFOs, whiteouts, an
/// opaque directory, a socket, and mtimes to the nanosecond.</summary>
internal static class TreeFixture
{
    /// <summary>A file capability granting cap_net_bind_service (struct vfs_cap_data, revision 2).</summary>
    public static readonly byte[] Capability = [0x00, 0x00, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static long _clock = 1_700_000_000_000_000_000;

    public static void CreateRich(string root)
    {
        Dir(root, "", 0x1ED);
        LinuxFiles.SetXattr(root, "user.root", "top"u8);
        Dir(root, "bin", 0x1ED);
        File(root, "bin/tool", ContentDefinedChunkerTests.RandomBytes(300_000, seed: 1), 0x9ED);
        LinuxFiles.SetXattr(Path.Join(root, "bin/tool"), "security.capability", Capability);
        FileMetadata.CreateHardLink(Path.Join(root, "bin/tool"), Path.Join(root, "bin/tool-again"));
        Symlink(root, "bin/sh", "tool");
        Dir(root, "etc", 0x1ED);
        File(root, "etc/app.conf", "port 6379\n"u8.ToArray(), 0x1A0, uid: 1000, gid: 1000);
        LinuxFiles.SetXattr(Path.Join(root, "etc/app.conf"), "user.comment", [0, 1, 255, 10]);
        LinuxFiles.SetXattr(Path.Join(root, "etc/app.conf"), "trusted.hoist", "t"u8);
        Symlink(root, "etc/passwd-link", "/etc/passwd");
        Symlink(root, "etc/dangling", "nowhere/at/all");
        Dir(root, "var", 0x1ED);
        Dir(root, "var/lib", 0x1ED);
        Dir(root, "var/lib/data", 0x1C0, uid: 999, gid: 998);
        var db = new byte[1 << 20];
        ContentDefinedChunkerTests.RandomBytes(4096, seed: 2).CopyTo(db, 500_000);
        File(root, "var/lib/data/db", db, 0x180, uid: 999, gid: 998);
        File(root, "var/lib/data/empty", [], 0x1A4);
        Dir(root, "tmp", 0x3FF);
        Dir(root, "shared", 0x5ED, gid: 50);
        Dir(root, "dev", 0x1ED);
        Node(root, "dev/null", FileKind.CharDevice, 0x1B6, 1, 3);
        Node(root, "dev/sda", FileKind.BlockDevice, 0x1B0, 8, 0);
        Node(root, "dev/pipe", FileKind.Fifo, 0x180, 0, 0);
        Node(root, "removed.conf", FileKind.CharDevice, 0, 0, 0);
        Dir(root, "opaque", 0x1ED);
        LinuxFiles.SetXattr(Path.Join(root, "opaque"), "trusted.overlay.opaque", "y"u8);
        LinuxFiles.SetXattr(Path.Join(root, "opaque"), "trusted.overlay.origin", [0, 1, 2]);
        File(root, "opaque/new", "new"u8.ToArray(), 0x1A4);
        Dir(root, "run", 0x1ED);
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(Path.Join(root, "run/app.sock")));
        }

        Settle(root);
    }

    /// <summary>Gives every entry a distinct mtime to the nanosecond, directories last (deepest first).</summary>
    public static void Settle(string root)
    {
        var paths = Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Prepend(root)
            .OrderByDescending(p => p.Count(c => c == '/'))
            .ThenBy(p => p, StringComparer.Ordinal)
            .ToList();
        foreach (var path in paths.Where(p => Nodes.LStat(p).Kind != FileKind.Directory).Concat(paths.Where(p => Nodes.LStat(p).Kind == FileKind.Directory)))
        {
            Nodes.SetModifiedTime(path, Interlocked.Add(ref _clock, 1_000_000_007));
        }
    }

    public static void Dir(string root, string path, uint mode, uint uid = 0, uint gid = 0)
    {
        var disk = Path.Join(root, path);
        Directory.CreateDirectory(disk);
        FileMetadata.SetOwner(disk, uid, gid);
        Nodes.SetMode(disk, mode);
    }

    public static void File(string root, string path, byte[] content, uint mode, uint uid = 0, uint gid = 0)
    {
        var disk = Path.Join(root, path);
        System.IO.File.WriteAllBytes(disk, content);
        FileMetadata.SetOwner(disk, uid, gid);
        Nodes.SetMode(disk, mode);
    }

    public static void Symlink(string root, string path, string target) => Nodes.Symlink(target, Path.Join(root, path));

    public static void Node(string root, string path, FileKind kind, uint mode, uint major, uint minor) =>
        Nodes.MakeNode(Path.Join(root, path), kind, mode, major, minor);

    /// <summary>Sets an mtime to the nanosecond.</summary>
    public static void Touch(string path, long nanoseconds) => Nodes.SetModifiedTime(path, nanoseconds);
}
