using Hoist.Library;
using Hoist.Library.Index;
using Hoist.Runtime.Apps;
using Hoist.Runtime.Layers;
using Hoist.Runtime.Runc;

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
}
