using Hoist.Controller.Events;
using Hoist.Controller.Model;
using Hoist.Core.Text;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Library;

/// <summary>
/// Garbage collection of the library: marks the chunks and recipes the items reference, and those of the
/// migrations in progress (their round recipes), then sweeps the rest that is older than the grace
/// period (uploads in flight are younger). Runs under the library's mutation lock, so no item is added
/// halfway through.
/// </summary>
internal sealed class GarbageCollector
{
    private readonly FabricState _state;
    private readonly LibraryService _library;
    private readonly EventLog _events;
    private readonly ControllerOptions _options;

    public GarbageCollector(FabricState state, LibraryService library, EventLog events, ControllerOptions options)
    {
        _state = state;
        _library = library;
        _events = events;
        _options = options;
    }

    public async Task<GcResult> CollectAsync(CancellationToken cancellationToken)
    {
        await _library.Mutation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var chunks = new HashSet<string>(StringComparer.Ordinal);
            var recipes = new HashSet<string>(StringComparer.Ordinal);
            lock (_state.Gate)
            {
                foreach (var item in _state.Library.Items)
                {
                    recipes.Add(item.Recipe);
                    chunks.UnionWith(item.Chunks);
                }

                foreach (var migration in _state.Migrations.Values.Where(m => !m.Record.IsFinished))
                {
                    recipes.UnionWith(migration.Record.Recipes);
                }
            }

            foreach (var recipe in recipes)
            {
                chunks.UnionWith(await _library.RecipeChunksAsync(recipe, cancellationToken).ConfigureAwait(false));
            }

            var before = _options.Time.GetUtcNow().UtcDateTime - _options.GcGrace;
            int chunksRemoved = 0, recipesRemoved = 0;
            long freed = 0;
            foreach (var digest in _library.Chunks.List().ToList())
            {
                var path = _library.Chunks.PathOf(digest);
                var file = new FileInfo(path);
                if (chunks.Contains(digest.ToString()) || !file.Exists || file.LastWriteTimeUtc > before)
                {
                    continue;
                }

                var size = file.Length;
                if (_library.Chunks.Delete(digest))
                {
                    _library.Forget(digest.ToString());
                    chunksRemoved++;
                    freed += size;
                }
            }

            foreach (var (digest, written) in _library.Recipes.List().ToList())
            {
                if (!recipes.Contains(digest.ToString()) && written <= before && _library.Recipes.Delete(digest))
                {
                    recipesRemoved++;
                }
            }

            _events.Add(EventKinds.LibraryGc, null, $"gc: {chunksRemoved} chunks ({ByteSize.Format(freed)}) and {recipesRemoved} recipes removed");
            return new GcResult { ChunksRemoved = chunksRemoved, BytesFreed = freed, RecipesRemoved = recipesRemoved };
        }
        finally
        {
            _library.Mutation.Release();
        }
    }
}
