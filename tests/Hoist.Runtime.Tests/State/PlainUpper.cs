using Hoist.Linux;

namespace Hoist.Runtime.Tests.State;

/// <summary>An upper directory made directly (no overlay mount), for tests about the archive rather
/// than about overlayfs: files, a whiteout, an opaque directory, and random content that zstd cannot
/// shrink.</summary>
internal static class PlainUpper
{
    public static string Create(string path, int randomBytes = 100_000, int randomFiles = 1)
    {
        Directory.CreateDirectory(Path.Combine(path, "etc"));
        Directory.CreateDirectory(Path.Combine(path, "var/lib/app/cache"));
        File.WriteAllText(Path.Combine(path, "etc/app.conf"), "port 6380\n");
        FileMetadata.CreateOverlayWhiteout(Path.Combine(path, "etc/removed.conf"));
        LinuxFiles.SetXattr(Path.Combine(path, "var/lib/app/cache"), "trusted.overlay.opaque", "y"u8);
        File.WriteAllText(Path.Combine(path, "var/lib/app/cache/entry"), "cached\n");
        var random = new Random(7);
        for (var i = 0; i < randomFiles; i++)
        {
            var content = new byte[randomBytes];
            random.NextBytes(content);
            File.WriteAllBytes(Path.Combine(path, $"var/lib/app/data-{i}.bin"), content);
        }

        return path;
    }
}
