using Hoist.Cli.Output;
using Hoist.Core.Storage;
using Hoist.Fabric;
using Hoist.Fabric.Client;
using Hoist.Library;
using Hoist.Library.Index;
using Hoist.Runtime;
using Hoist.Runtime.Hosts;
using Hoist.Runtime.Network;

namespace Hoist.Cli;

/// <summary>What every command needs: where to write, the library, progress. One per process.</summary>
internal sealed class CliContext
{
    private LocalLibrary? _library;
    private AppRuntime? _runtime;
    private LabNetwork? _network;
    private ControllerClient? _controller;
    private bool _controllerFound;

    public CliContext(TextWriter output, TextWriter error)
    {
        Out = output;
        Error = error;
    }

    /// <summary>Results: what a script may parse.</summary>
    public TextWriter Out { get; }

    /// <summary>Progress, program output, warnings and errors.</summary>
    public TextWriter Error { get; }

    /// <summary>The local library at HOIST_HOME (default /var/lib/hoist), opened on first use.</summary>
    public LocalLibrary Library => _library ??= new LocalLibrary(HoistHome.FromEnvironment());

    /// <summary>The apps and hosts of the library, opened on first use.</summary>
    public AppRuntime Runtime => _runtime ??= new AppRuntime(
        Library,
        new HostResolver(new HostStore(new LibraryIndex(Library.Home)), Library.Images, Network, Library.Home.Cache),
        new RuntimeOptions());

    /// <summary>Hoist's lab network on this machine (bridge hoist0, 10.77.0.0/24), made on first use.</summary>
    public LabNetwork Network => _network ??= new LabNetwork(new LabNetworkOptions());

    /// <summary>The fabric's controller when one is configured (HOIST_CONTROLLER, or the context file that
    /// `hoist lab up` writes); null when hoist works on this machine's own library and hosts.</summary>
    public ControllerClient? Controller
    {
        get
        {
            if (!_controllerFound)
            {
                _controllerFound = true;
                _controller = ControllerContext.Find(Library.Home) is { } found ? new ControllerClient(found) : null;
            }

            return _controller;
        }
    }

    /// <summary>The controller; throws, saying how to get one, when none is configured.</summary>
    public ControllerClient RequireController(string command) => Controller ?? new ControllerClient(ControllerContext.Require(Library.Home, command));

    public ConsoleProgress NewProgress() => ConsoleProgress.ForStandardError(Error);
}
