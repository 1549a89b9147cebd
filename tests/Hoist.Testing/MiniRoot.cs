namespace Hoist.Testing;

/// <summary>
/// A tiny but real OS root made from this machine's files: /bin/sh (dash), libc and the dynamic
/// loader, an os-release, the /lib -> usr/lib layout of Debian 12. Enough for the image probe, in
/// milliseconds instead of a debootstrap.
/// </summary>
public static class MiniRoot
{
    public const string Triplet = "x86_64-linux-gnu";

    public static string Create(string directory, string prettyName = "Mini Debian 12 (bookworm)")
    {
        var lib = Path.Combine(directory, "usr/lib", Triplet);
        Directory.CreateDirectory(lib);
        Directory.CreateDirectory(Path.Combine(directory, "usr/bin"));
        Directory.CreateDirectory(Path.Combine(directory, "usr/lib64"));
        Directory.CreateDirectory(Path.Combine(directory, "etc"));
        File.CreateSymbolicLink(Path.Combine(directory, "lib"), "usr/lib");
        File.CreateSymbolicLink(Path.Combine(directory, "lib64"), "usr/lib64");
        File.CreateSymbolicLink(Path.Combine(directory, "bin"), "usr/bin");
        File.Copy("/usr/bin/dash", Path.Combine(directory, "usr/bin/dash"));
        File.CreateSymbolicLink(Path.Combine(directory, "usr/bin/sh"), "dash");
        File.Copy($"/lib/{Triplet}/libc.so.6", Path.Combine(lib, "libc.so.6"));
        File.Copy($"/lib/{Triplet}/libm.so.6", Path.Combine(lib, "libm.so.6"));
        File.Copy("/lib64/ld-linux-x86-64.so.2", Path.Combine(directory, "usr/lib64/ld-linux-x86-64.so.2"));
        File.WriteAllText(Path.Combine(directory, "usr/lib/os-release"), $"PRETTY_NAME=\"{prettyName}\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n");
        File.CreateSymbolicLink(Path.Combine(directory, "etc/os-release"), "../usr/lib/os-release");
        return directory;
    }
}
