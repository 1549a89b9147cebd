using Hoist.Library;
using Hoist.Library.Index;
using Hoist.Runtime.Apps;
using Hoist.Runtime.Layers;
using Hoist.Runtime.Runc;
using Hoist.Supervision;

namespace Hoist.Runtime;

/// <summary>The parts of the runtime for one library, put together.</summary>
public sealed class AppRuntime
{
    public AppRuntime(LocalLibrary library, IHostResolver hosts, RuntimeOptions options)
    {
        Library = library;
        Hosts = hosts;
        Options = options;
        Apps = new AppStore(new LibraryIndex(library.Home));
        Layers = new LayerCache(library.Home);
        Runc = new RuncDriver();
    }

    public LocalLibrary Library { get; }

    public IHostResolver Hosts { get; }

    public RuntimeOptions Options { get; }

    public AppStore Apps { get; }

    public LayerCache Layers { get; }

    public RuncDriver Runc { get; }

    public AppLayout Layout(string app) => new(Library.Home, app);

    /// <summary>The state of the app's container as runc says it, except that a container whose hoist-init
    /// stands by (made ahead of the app's start, its services not started) is "standby", which is not
    /// running; null when runc does not know the container.</summary>
    public async Task<ContainerState?> ContainerStateAsync(AppLayout layout, CancellationToken cancellationToken)
    {
        var state = await Runc.StateAsync(layout.ContainerId, cancellationToken).ConfigureAwait(false);
        return state?.Status == "running" && AppStarter.ReadStatus(layout.StatusFile)?.State == AppStates.Standby
            ? state with { Status = AppStates.Standby }
            : state;
    }
}
