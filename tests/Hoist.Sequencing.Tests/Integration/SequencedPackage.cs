using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Library.Images;
using Hoist.Packaging.Files;
using Hoist.Packaging.Layers;
using Hoist.Sequencing.Capture;
using Hoist.Testing;

namespace Hoist.Sequencing.Tests.Integration;

/// <summary>A real package sequenced once for a test class: a real apt install on the real bookworm
/// image, with the image's tree digest taken before and after, and the layer's entries read back.</summary>
public abstract class SequencedPackage : IAsyncLifetime
{
    private readonly string _name;
    private readonly string _installer;

    protected SequencedPackage(string name, string installer)
    {
        _name = name;
        _installer = installer;
    }

    public ImageRecord Bookworm { get; private set; } = null!;

    public ImageRecord Trixie { get; private set; } = null!;

    public SequenceResult Result { get; private set; } = null!;

    public Digest ImageBefore { get; private set; }

    public Digest ImageAfter { get; private set; }

    /// <summary>The layer's entries, by path.</summary>
    public IReadOnlyDictionary<string, LayerEntry> Layer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Bookworm = await TestImages.GetAsync("bookworm");
        Trixie = await TestImages.GetAsync("trixie");
        ImageBefore = (await TreeDigest.ComputeAsync(Bookworm.RootPath, CancellationToken.None)).Digest;
        var request = new SequenceRequest { Image = "bookworm", Name = _name, Installer = new InstallerSpec { Command = _installer } };
        Result = await new Sequencer(TestHome.Library).SequenceAsync(request, NullProgress.Instance, CancellationToken.None);
        ImageAfter = (await TreeDigest.ComputeAsync(Bookworm.RootPath, CancellationToken.None)).Digest;
        var entries = new Dictionary<string, LayerEntry>(StringComparer.Ordinal);
        using var package = PackageFile.Open(Result.Package.Path);
        await using var layer = package.OpenLayer();
        await LayerReader.ReadAsync(layer, (entry, _, _) =>
        {
            entries[entry.Path + (entry.Kind is LayerEntryKind.Whiteout or LayerEntryKind.Opaque ? "#" + entry.Kind : string.Empty)] = entry;
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        Layer = entries;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
