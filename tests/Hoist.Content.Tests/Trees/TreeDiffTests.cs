using Hoist.Content.Chunking;
using Hoist.Content.Trees;
using Hoist.Core.Errors;
using Hoist.Core.Storage;

namespace Hoist.Content.Tests.Trees;

public sealed class TreeDiffTests
{
    private static readonly ChunkRef Shared = new(Digest.Of("shared"u8), 6);
    private static readonly ChunkRef Old = new(Digest.Of("old"u8), 3);
    private static readonly ChunkRef New = new(Digest.Of("new"u8), 3);

    [Fact]
    public void Compare_FromNothing_AddsEverythingAndNeedsEveryChunkOnce()
    {
        var changes = TreeDiff.Compare(null, Tree(File("a", Shared, Old), File("b", Shared)));

        Assert.Equal(["", "a", "b"], changes.Added);
        Assert.Empty(changes.Changed);
        Assert.Empty(changes.Removed);
        Assert.Equal([Shared, Old], changes.Chunks);
        Assert.Equal(9, changes.ChunkBytes);
    }

    [Fact]
    public void Compare_TwoTrees_SortsEveryPathIntoItsKindOfChange()
    {
        var from = Tree(File("content", Shared, Old), File("gone", Old), File("kind", Old), File("meta", Shared), File("same", Shared));
        var to = Tree(
            File("added", New),
            File("content", Shared, New),
            File("kind", Old) with { Kind = TreeEntryKind.Fifo, Size = 0, Chunks = [] },
            File("meta", Shared) with { Mode = 0x1ED, Xattrs = new Dictionary<string, byte[]> { ["user.a"] = [1] } },
            File("same", Shared));

        var changes = TreeDiff.Compare(from, to);

        Assert.Equal(["added"], changes.Added);
        Assert.Equal(["content", "kind", "meta"], changes.Changed);
        Assert.Equal(["content", "kind"], changes.Rewritten);
        Assert.Equal(["gone"], changes.Removed);
        Assert.Equal([New], changes.Chunks);
        Assert.False(changes.IsEmpty);
    }

    [Fact]
    public void Compare_SameTree_IsEmpty()
    {
        var tree = Tree(File("a", Shared) with { Xattrs = new Dictionary<string, byte[]> { ["user.a"] = [1, 2] } });
        var copy = Tree(File("a", Shared) with { Xattrs = new Dictionary<string, byte[]> { ["user.a"] = [1, 2] } });

        Assert.True(TreeDiff.Compare(tree, copy).IsEmpty);
        Assert.Empty(TreeDiff.Compare(tree, copy).Chunks);
    }

    [Fact]
    public void Compare_BadRecipe_ThrowsInvalidArgument()
    {
        var bad = Tree(File("b", Shared), File("a", Shared));

        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<HoistException>(() => TreeDiff.Compare(null, bad)).Kind);
    }

    private static TreeEntry File(string path, params ChunkRef[] chunks) =>
        new() { Path = path, Kind = TreeEntryKind.File, Mode = 0x1A4, Size = chunks.Sum(c => c.Size), Chunks = chunks };

    private static TreeRecipe Tree(params TreeEntry[] entries) =>
        new() { Entries = [new TreeEntry { Path = string.Empty, Kind = TreeEntryKind.Directory, Mode = 0x1ED }, .. entries] };
}
