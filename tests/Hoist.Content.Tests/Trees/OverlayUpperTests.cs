using Hoist.Content.Trees;
using Hoist.Core.Processes;
using Hoist.Testing;

namespace Hoist.Content.Tests.Trees;

/// <summary>A real overlayfs upper directory (an app's state layer) through a scan and a sync:
/// mounted again over the same lower layer, the copy shows the same tree.</summary>
public sealed class OverlayUpperTests
{
    [Fact]
    public async Task ScanThenSync_UpperDirectoryOfARealOverlay_GivesTheSameMergedTree()
    {
        Prerequisites.RequireRoot();
        using var temp = new TempDirectory("overlay");
        string At(string path) => temp.Combine(path);
        foreach (var directory in new[] { "lower/etc", "lower/data", "upper", "work", "merged", "upper2", "work2", "merged2" })
        {
            Directory.CreateDirectory(At(directory));
        }

        File.WriteAllText(At("lower/etc/keep.conf"), "keep");
        File.WriteAllText(At("lower/etc/gone.conf"), "gone");
        File.WriteAllText(At("lower/data/old"), "old");
        await MountAsync(At("lower"), At("upper"), At("work"), At("merged"));
        try
        {
            File.Delete(At("merged/etc/gone.conf"));
            Directory.Delete(At("merged/data"), recursive: true);
            Directory.CreateDirectory(At("merged/data"));
            File.WriteAllText(At("merged/data/new"), "new");
            File.AppendAllText(At("merged/etc/keep.conf"), " changed");
        }
        finally
        {
            await UnmountAsync(At("merged"));
        }

        var chunks = new MemoryChunks();
        var recipe = await new TreeScanner().ScanAsync(At("upper"), chunks, CancellationToken.None);
        Directory.Delete(At("upper2"));
        await TreeMaterializer.SyncAsync(At("upper2"), null, recipe, chunks, CancellationToken.None);

        var entries = recipe.Entries.ToDictionary(e => e.Path);
        Assert.True(entries["etc/gone.conf"].IsWhiteout);
        Assert.Equal("y"u8.ToArray(), entries["data"].Xattrs["trusted.overlay.opaque"]);
        Assert.All(recipe.Entries.SelectMany(e => e.Xattrs.Keys), name => Assert.True(!name.StartsWith("trusted.overlay.", StringComparison.Ordinal) || name == "trusted.overlay.opaque", name));
        await MountAsync(At("lower"), At("upper2"), At("work2"), At("merged2"));
        try
        {
            Assert.Equal(["data/new", "etc/keep.conf"], Directory.EnumerateFiles(At("merged2"), "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(At("merged2"), p)).Order(StringComparer.Ordinal));
            Assert.Equal("keep changed", File.ReadAllText(At("merged2/etc/keep.conf")));
            Assert.Equal("new", File.ReadAllText(At("merged2/data/new")));
        }
        finally
        {
            await UnmountAsync(At("merged2"));
        }
    }

    private static async Task MountAsync(string lower, string upper, string work, string merged)
    {
        var result = await ProcessRunner.RunAsync(
            new ProcessSpec("mount", "-t", "overlay", "overlay", "-o", $"lowerdir={lower},upperdir={upper},workdir={work}", merged), CancellationToken.None);
        Assert.True(result.Succeeded, $"mount overlay failed: {result.Stderr}");
    }

    private static async Task UnmountAsync(string merged) =>
        await ProcessRunner.RunAsync(new ProcessSpec("umount", merged), CancellationToken.None);
}
