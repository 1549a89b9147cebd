using System.Collections.Concurrent;
using Hoist.Content.Storage;
using Hoist.Content.Trees;
using Hoist.Fabric.Client;
using Hoist.Library;
using Hoist.Library.Index;
using Hoist.Runtime;
using Hoist.Runtime.Hosts;
using Hoist.Runtime.Network;

namespace Hoist.Agent;

/// <summary>What an agent's order handlers share: its library and runtime, its chunk cache, the controller.</summary>
internal sealed class AgentContext
{
    public AgentContext(AgentOptions options, ControllerClient client, TextWriter log)
    {
        Options = options;
        Client = client;
        Log = log;
        options.Home.EnsureCreated();
        Library = new LocalLibrary(options.Home);
        Hosts = new HostStore(new LibraryIndex(options.Home));
        Runtime = new AppRuntime(Library, new HostResolver(Hosts, Library.Images, new LabNetwork(new LabNetworkOptions()), options.Home.Cache), new RuntimeOptions());
        Chunks = new ChunkStore(options.ChunkDirectory, syncEachChunk: false);
        Fetcher = new LibraryFetcher(client, Chunks, Library);
        Reporter = new AppReporter(Runtime);
    }

    public AgentOptions Options { get; }

    public ControllerClient Client { get; }

    public TextWriter Log { get; }

    public LocalLibrary Library { get; }

    public HostStore Hosts { get; }

    public AppRuntime Runtime { get; }

    public ChunkStore Chunks { get; }

    public LibraryFetcher Fetcher { get; }

    public AppReporter Reporter { get; }

    /// <summary>The host record the agent's apps are placed on: the agent's name when it runs on an image,
    /// "local" when the host is the machine itself.</summary>
    public string HostRecordName => Options.Image is null ? HostRecord.LocalName : Options.Name;

    /// <summary>Per app: what the last scans of its state layer read, so that the next reads only what changed.</summary>
    public ConcurrentDictionary<string, TreeScanCache> ScanCaches { get; } = new(StringComparer.Ordinal);

    /// <summary>Per app: the recipe of its last scan, to count what changed since.</summary>
    public ConcurrentDictionary<string, TreeRecipe> LastScans { get; } = new(StringComparer.Ordinal);

    public void Say(string line)
    {
        lock (Log)
        {
            Log.WriteLine($"{DateTimeOffset.Now:HH:mm:ss.fff} agent {Options.Name}: {line}");
            Log.Flush();
        }
    }
}
