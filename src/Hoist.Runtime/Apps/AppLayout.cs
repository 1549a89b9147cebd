using System.Text;
using Hoist.Core.Hashing;
using Hoist.Core.Storage;

namespace Hoist.Runtime.Apps;

/// <summary>
/// Where an app lives on disk, under $HOIST_HOME/apps/NAME: its state layer (the overlay's upper and
/// work directories: everything it writes), the config layer generated at each start, the OCI bundle
/// whose rootfs is mounted only inside the container's mount namespace, its logs and status.
/// </summary>
public sealed class AppLayout
{
    public AppLayout(HoistHome home, string app)
    {
        App = app;
        Root = Path.Combine(home.Root, "apps", app);

        // runc's container ids are machine-wide: the library's path keeps two libraries' apps apart.
        var tag = Convert.ToHexStringLower(ManagedSha256.HashData(Encoding.UTF8.GetBytes(home.Root)))[..6];
        ContainerId = $"hoist-{tag}-{app}";
    }

    public string App { get; }

    public string Root { get; }

    /// <summary>runc's name for the app's container.</summary>
    public string ContainerId { get; }

    /// <summary>The state layer: the overlay's upper directory.</summary>
    public string StateUpper => Path.Combine(Root, "state", "upper");

    /// <summary>overlayfs's work directory, beside the upper directory.</summary>
    public string StateWork => Path.Combine(Root, "state", "work");

    /// <summary>The layer Hoist generates at each start: accounts, parameter values, hoist-init, its spec.</summary>
    public string Config => Path.Combine(Root, "config");

    public string Bundle => Path.Combine(Root, "bundle");

    /// <summary>The mount point of the app's root; mounted only in the container's mount namespace.</summary>
    public string Rootfs => Path.Combine(Bundle, "rootfs");

    /// <summary>The service logs, mounted at /.hoist/logs in the app.</summary>
    public string Logs => Path.Combine(Root, "logs");

    /// <summary>Mounted at /.hoist/run in the app: hoist-init's status file.</summary>
    public string Run => Path.Combine(Root, "run");

    public string StatusFile => Path.Combine(Run, "status.json");

    /// <summary>runc writes the pid of the app's hoist-init here.</summary>
    public string PidFile => Path.Combine(Root, "init.pid");

    /// <summary>Held while the app is started, stopped or changed.</summary>
    public string Lock => Path.Combine(Root, ".lock");

    public void Create()
    {
        foreach (var directory in new[] { StateUpper, StateWork, Config, Rootfs, Path.Combine(Bundle, "host"), Path.Combine(Bundle, "host-empty"), Logs, Run })
        {
            Directory.CreateDirectory(directory);
        }
    }
}
