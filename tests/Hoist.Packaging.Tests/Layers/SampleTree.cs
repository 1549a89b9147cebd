using System.Text;
using Hoist.Linux;
using Hoist.Packaging.Layers;

namespace Hoist.Packaging.Tests.Layers;

/// <summary>A small installed-app tree with every kind of entry a layer holds: modes with setuid,
/// setgid and sticky, owners, empty and large-ish files, absolute and relative symlinks, a hard
/// link, text and binary xattrs, mtimes with sub-second parts.</summary>
internal static class SampleTree
{
    /// <summary>A valid VFS_CAP_REVISION_2 capability set (cap_net_bind_service, effective): binary, with NULs.</summary>
    public static readonly byte[] Capability = [0x01, 0x00, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    public static readonly byte[] BinaryXattr = [0x00, 0xFF, 0x01, 0x00, 0x80, 0x7F, 0x0A, 0x3D];

    /// <summary>Whiteouts and an opaque marker to append to the scanned entries.</summary>
    public static readonly LayerEntry[] Deletions =
    [
        new() { Path = "etc/removed.conf", Kind = LayerEntryKind.Whiteout, Modified = At(7) },
        new() { Path = "var/cache/app", Kind = LayerEntryKind.Opaque },
    ];

    /// <summary>Creates the tree under <paramref name="root"/> (an empty directory) and returns
    /// its entries with <see cref="Deletions"/> appended.</summary>
    public static List<LayerEntry> Create(string root, int largeFileBytes = 6 << 20)
    {
        string P(string path) => System.IO.Path.Join(root, path);
        foreach (var directory in new[] { "etc/app", "usr/bin", "usr/lib/app", "var/cache/app", "var/tmp" })
        {
            Directory.CreateDirectory(P(directory));
        }

        File.WriteAllText(P("etc/app/app.conf"), "port 6379\nbind 127.0.0.1\n");
        File.WriteAllBytes(P("usr/bin/app-server"), LargeContent(largeFileBytes));
        File.WriteAllText(P("usr/bin/app-helper"), "#!/bin/sh\nexit 0\n");
        File.WriteAllBytes(P("usr/lib/app/empty"), []);
        File.WriteAllText(P("var/cache/app/index"), "cached");
        FileMetadata.CreateHardLink(P("usr/bin/app-server"), P("usr/bin/app-server-hardlink"));
        File.CreateSymbolicLink(P("usr/lib/app/server"), "../../bin/app-server");
        File.CreateSymbolicLink(P("usr/lib/app/passwd"), "/etc/passwd");
        File.CreateSymbolicLink(P("usr/lib/app/dangling"), "missing/file");

        Own(P("etc/app"), 999, 998, 0x1E8); // 0750
        Own(P("etc/app/app.conf"), 999, 998, 0x1A0); // 0640
        Own(P("usr/bin/app-server"), 0, 0, 0x9ED); // 04755
        Own(P("usr/bin/app-helper"), 0, 50, 0x5ED); // 02755
        Own(P("usr/lib/app/empty"), 1000, 1000, 0x180); // 0600
        Own(P("var/tmp"), 0, 0, 0x3FF); // 01777
        FileMetadata.SetOwner(P("usr/lib/app/server"), 999, 998);

        LinuxFiles.SetXattr(P("usr/bin/app-server"), "user.hoist.test", "hello"u8);
        LinuxFiles.SetXattr(P("usr/bin/app-server"), "trusted.hoist.bin", BinaryXattr);
        LinuxFiles.SetXattr(P("usr/bin/app-helper"), "security.capability", Capability);
        LinuxFiles.SetXattr(P("etc/app"), "user.hoist.dir", "d"u8);

        // Every mtime last, deepest first, each with a sub-second part.
        var all = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).OrderByDescending(p => p.Length).ToList();
        foreach (var (path, i) in all.Select((p, i) => (p, i)))
        {
            FileMetadata.SetModifiedTime(path, At(i));
        }

        return [.. TreeScanner.Scan(root), .. Deletions];
    }

    /// <summary>A time with a 100 ns part, different for each <paramref name="i"/>.</summary>
    public static DateTimeOffset At(int i) => DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + (i * 3600)).AddTicks(1_234_567 + i);

    /// <summary>Half text (compressible), half pseudo-random bytes (not), from a fixed seed.</summary>
    public static byte[] LargeContent(int length)
    {
        var bytes = new byte[length];
        new Random(42).NextBytes(bytes.AsSpan(length / 2));
        var text = Encoding.ASCII.GetBytes("the quick brown server writes its log line number ");
        for (var i = 0; i < length / 2; i++)
        {
            bytes[i] = text[i % text.Length];
        }

        return bytes;
    }

    private static void Own(string path, uint uid, uint gid, uint mode)
    {
        FileMetadata.SetOwner(path, uid, gid);
        FileMetadata.SetMode(path, mode);
    }
}
