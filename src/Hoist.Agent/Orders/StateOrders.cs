using Hoist.Content.Recipes;
using Hoist.Content.Trees;
using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Fabric.Api;
using Hoist.Fabric.Client;
using Hoist.Packaging.Files;
using Hoist.Runtime.Apps;

namespace Hoist.Agent.Orders;

/// <summary>
/// The orders that move an app's state layer during a migration (docs/fabric.md, Migration): the source
/// scans it into a tree recipe and uploads what the controller lacks (state.push, state.final); the
/// target fetches what it lacks and turns its copy into the recipe, touching only the differences
/// (state.pull).
/// </summary>
internal static class StateOrders
{
    // The recipe the target's copy of the state holds, and the marker of a sync in progress: a sync cut
    // short leaves the copy in between two recipes, so the next one starts from an empty directory.
    private const string IncomingRecipe = "incoming-recipe.json";
    private const string IncomingSyncing = "incoming-syncing";

    /// <summary>state.push: one copy round while the app runs.</summary>
    public static async Task<OrderResult> PushAsync(AgentContext agent, Order order, CancellationToken cancellationToken)
    {
        var name = AppOrders.Required(order.App, "app");
        agent.Runtime.Apps.Get(name);
        return await ScanAndUploadAsync(agent, name, whileRunning: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>state.final: warm, freezes the app, copies, stops it cleanly and copies what the stop wrote;
    /// cold, stops it and copies. The app is left stopped with its state intact. Given again (the agent
    /// restarted), it finds the app stopped already and copies.</summary>
    public static async Task<OrderResult> FinalAsync(AgentContext agent, Order order, CancellationToken cancellationToken)
    {
        var name = AppOrders.Required(order.App, "app");
        var app = agent.Runtime.Apps.Get(name);
        var layout = agent.Runtime.Layout(app.Name);
        var state = await agent.Runtime.ContainerStateAsync(layout, cancellationToken).ConfigureAwait(false);
        var downSince = DateTimeOffset.UtcNow;
        long sent = 0;
        if (order.Freeze && state?.Status == "running")
        {
            await agent.Runtime.Runc.PauseAsync(layout.ContainerId, cancellationToken).ConfigureAwait(false);
            downSince = DateTimeOffset.UtcNow;
            agent.Say($"{name} frozen");
            await Failpoints.PauseAsync(agent, "state.final:frozen", cancellationToken).ConfigureAwait(false);
        }

        if (order.Freeze && state?.IsRunning == true)
        {
            // Frozen: nothing changes under the scan, and what the app acknowledged is in its files.
            sent += (await ScanAndUploadAsync(agent, name, whileRunning: false, cancellationToken).ConfigureAwait(false)).BytesSent;
        }

        await new AppStopper(agent.Runtime).StopAsync(name, AppOrders.TimeoutOf(agent, order), NullProgress.Instance, cancellationToken).ConfigureAwait(false);
        agent.Say($"{name} stopped");

        // What the stop wrote (a server's last save on SIGTERM), or everything for a cold migration.
        var last = await ScanAndUploadAsync(agent, name, whileRunning: false, cancellationToken).ConfigureAwait(false);
        return last with { BytesSent = last.BytesSent + sent, DownSince = downSince };
    }

    /// <summary>state.pull: on the target, creates the app (stopped) if it is not there, fetches the chunks
    /// of the recipe that the agent lacks and syncs the app's state layer to it. Refuses an app that runs.</summary>
    public static async Task<OrderResult> PullAsync(AgentContext agent, Order order, CancellationToken cancellationToken)
    {
        var name = AppOrders.Required(order.App, "app");
        var (package, packageBytes) = await agent.Fetcher.EnsurePackageAsync(AppOrders.Required(order.Package, "package"), cancellationToken).ConfigureAwait(false);
        var app = agent.Runtime.Apps.Find(name) ?? Create(agent, name, package.Digest, package.Path, order);
        var layout = agent.Runtime.Layout(app.Name);

        // Refuses an app that runs; a container made ahead of a start mounts the state layer: it goes first.
        await new AppStarter(agent.Runtime).DiscardPreparedAsync(name, cancellationToken).ConfigureAwait(false);
        var json = await agent.Client.GetRecipeAsync(AppOrders.Required(order.Recipe, "recipe"), cancellationToken).ConfigureAwait(false);
        var target = RecipeSerializer.ReadTree(json);

        // The state layer holds the copy of an earlier round (its recipe kept, no sync cut short): only the
        // files added or rewritten since need their chunks. Checking every chunk of a 1 GB state in the
        // store cost 150 ms of a warm migration's downtime.
        var recipeFile = Path.Combine(layout.Root, IncomingRecipe);
        var marker = Path.Combine(layout.Root, IncomingSyncing);
        var current = File.Exists(marker) || !File.Exists(recipeFile)
            ? null
            : RecipeSerializer.ReadTree(await File.ReadAllBytesAsync(recipeFile, cancellationToken).ConfigureAwait(false));
        var needed = target.Entries;
        if (current is not null)
        {
            var changes = TreeDiff.Compare(current, target);
            var made = changes.Added.Concat(changes.Rewritten).ToHashSet(StringComparer.Ordinal);
            needed = [.. target.Entries.Where(e => made.Contains(e.Path))];
        }

        var fetched = await ChunkFetcher.FetchMissingAsync(agent.Client, agent.Chunks, needed.SelectMany(e => e.Chunks).Select(c => c.Digest), null, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            FileTree.Delete(layout.StateUpper);
            FileTree.Delete(layout.StateWork);
            Directory.CreateDirectory(layout.StateWork);
        }

        await File.WriteAllTextAsync(marker, order.Recipe, cancellationToken).ConfigureAwait(false);
        await TreeMaterializer.SyncAsync(layout.StateUpper, current, target, agent.Chunks, cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(recipeFile + ".tmp", json, cancellationToken).ConfigureAwait(false);
        File.Move(recipeFile + ".tmp", recipeFile, overwrite: true);
        File.Delete(marker);
        return new OrderResult
        {
            Ok = true,
            Recipe = order.Recipe,
            BytesFetched = fetched + packageBytes,
            BytesTotal = target.Entries.Sum(e => e.Kind == TreeEntryKind.File ? e.Size : 0),
            Files = target.Entries.Count,
        };
    }

    /// <summary>Forgets the recipe of an incoming state once the app starts: from then on the app writes it.</summary>
    public static void ForgetIncoming(AgentContext agent, string name)
    {
        var layout = agent.Runtime.Layout(name);
        File.Delete(Path.Combine(layout.Root, IncomingRecipe));
        File.Delete(Path.Combine(layout.Root, IncomingSyncing));
    }

    private static AppRecord Create(AgentContext agent, string name, Digest package, string packagePath, Order order)
    {
        var host = agent.Runtime.Hosts.Resolve(agent.HostRecordName);
        using (var file = PackageFile.Open(packagePath))
        {
            AppController.CheckCompatible(file.Manifest, host);
        }

        var layout = agent.Runtime.Layout(name);
        layout.Create();
        var app = new AppRecord
        {
            Name = name,
            Host = host.Name,
            Package = package,
            Parameters = order.Parameters ?? new Dictionary<string, string>(),
            Resources = order.Resources ?? new Dictionary<string, string>(),
            Created = DateTimeOffset.UtcNow,
        };
        try
        {
            agent.Runtime.Apps.Add(app);
        }
        catch
        {
            FileTree.Delete(layout.Root);
            throw;
        }

        return app;
    }

    // While the app runs, a file it writes during the read is taken as read: the last round, with the app
    // frozen or stopped, reads it again.
    private static async Task<OrderResult> ScanAndUploadAsync(AgentContext agent, string name, bool whileRunning, CancellationToken cancellationToken)
    {
        var layout = agent.Runtime.Layout(name);
        var cache = agent.ScanCaches.GetOrAdd(name, _ => new TreeScanCache());
        var uploader = new ChunkUploader(agent.Client);
        var scanner = new TreeScanner(cache, new TreeScanOptions { AcceptChangingFiles = whileRunning });
        var recipe = await scanner.ScanAsync(layout.StateUpper, uploader, cancellationToken).ConfigureAwait(false);
        await uploader.FlushAsync(cancellationToken).ConfigureAwait(false);
        var digest = await uploader.PutRecipeAsync(RecipeSerializer.Serialize(recipe), cancellationToken).ConfigureAwait(false);
        var changed = TreeDiff.Compare(agent.LastScans.GetValueOrDefault(name), recipe);
        agent.LastScans[name] = recipe;
        return new OrderResult
        {
            Ok = true,
            Recipe = digest.ToString(),
            BytesSent = uploader.BytesSent,
            BytesTotal = recipe.Entries.Sum(e => e.Kind == TreeEntryKind.File ? e.Size : 0),
            Files = recipe.Entries.Count,
            ChangedFiles = changed.Added.Count + changed.Changed.Count + changed.Removed.Count,
        };
    }
}
