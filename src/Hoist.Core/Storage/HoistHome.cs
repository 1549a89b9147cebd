namespace Hoist.Core.Storage;

/// <summary>
/// Where the local library lives: /var/lib/hoist by default, moved by HOIST_HOME. Every
/// directory below it is on one filesystem, so that finished work is moved into place by rename.
/// </summary>
public sealed class HoistHome
{
    public const string DefaultRoot = "/var/lib/hoist";

    public HoistHome(string root) => Root = Path.GetFullPath(root);

    public string Root { get; }

    /// <summary>The SQLite index of the library.</summary>
    public string Database => Path.Combine(Root, "library.db");

    /// <summary>OS image roots: images/NAME/rootfs.</summary>
    public string Images => Path.Combine(Root, "images");

    /// <summary>Package files, named by digest: packages/sha256/HEX.hpkg.</summary>
    public string Packages => Path.Combine(Root, "packages", "sha256");

    /// <summary>Downloads kept between operations (Debian packages fetched by debootstrap, for instance).</summary>
    public string Cache => Path.Combine(Root, "cache");

    /// <summary>Work in progress; each operation has its own directory, removed when it ends.</summary>
    public string Temp => Path.Combine(Root, "tmp");

    public static HoistHome FromEnvironment()
    {
        var root = Environment.GetEnvironmentVariable("HOIST_HOME");
        return new HoistHome(string.IsNullOrWhiteSpace(root) ? DefaultRoot : root);
    }

    /// <summary>Creates the directories of the library that do not exist yet.</summary>
    public void EnsureCreated()
    {
        foreach (var directory in new[] { Root, Images, Packages, Cache, Temp })
        {
            Directory.CreateDirectory(directory);
        }
    }
}
