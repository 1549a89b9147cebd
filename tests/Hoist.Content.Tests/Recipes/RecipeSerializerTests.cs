using System.Text;
using Hoist.Content.Blobs;
using Hoist.Content.Chunking;
using Hoist.Content.Recipes;
using Hoist.Content.Trees;
using Hoist.Core.Errors;
using Hoist.Core.Storage;

namespace Hoist.Content.Tests.Recipes;

public sealed class RecipeSerializerTests
{
    private static readonly ChunkRef ChunkA = new(Digest.Of("a"u8), 3);
    private static readonly ChunkRef ChunkB = new(Digest.Of("b"u8), 4);

    [Fact]
    public void Serialize_Tree_GivesCompactCamelCaseJsonWithDefaultsLeftOut()
    {
        var json = Encoding.UTF8.GetString(RecipeSerializer.Serialize(SampleTree()));

        Assert.Equal(
            "{\"format\":\"hoist-tree/1\",\"entries\":["
            + "{\"path\":\"\",\"kind\":\"directory\",\"mode\":493,\"mtimeNs\":1700000000123456789,\"xattrs\":{\"trusted.overlay.opaque\":\"eQ==\"}},"
            + $"{{\"path\":\"bin\",\"kind\":\"file\",\"mode\":3565,\"uid\":1000,\"gid\":1000,\"mtimeNs\":-5,\"size\":7,\"chunks\":[{{\"digest\":\"{ChunkA.Digest}\",\"size\":3}},{{\"digest\":\"{ChunkB.Digest}\",\"size\":4}}]}},"
            + "{\"path\":\"bin2\",\"kind\":\"hardlink\",\"link\":\"bin\"},"
            + "{\"path\":\"dev\",\"kind\":\"block\",\"mode\":432,\"major\":8,\"minor\":1},"
            + "{\"path\":\"gone\",\"kind\":\"char\"},"
            + "{\"path\":\"link\",\"kind\":\"symlink\",\"mode\":511,\"link\":\"../x y\",\"xattrs\":{\"user.a\":\"AAH/\",\"user.b\":\"\"}}"
            + "]}",
            json);
    }

    [Fact]
    public void Serialize_SameTreeTwiceAndReadBack_GivesSameBytesAndDigest()
    {
        var first = RecipeSerializer.Serialize(SampleTree());
        var again = RecipeSerializer.Serialize(RecipeSerializer.ReadTree(first));

        Assert.Equal(first, again);
        Assert.Equal(RecipeSerializer.DigestOf(SampleTree()), Digest.Of(again));
    }

    [Fact]
    public void ReadTree_Serialized_GivesEveryFieldBack()
    {
        var read = RecipeSerializer.ReadTree(RecipeSerializer.Serialize(SampleTree()));

        var expected = SampleTree().Entries;
        Assert.Equal(expected.Count, read.Entries.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i] with { Xattrs = read.Entries[i].Xattrs, Chunks = read.Entries[i].Chunks }, read.Entries[i]);
            Assert.Equal(expected[i].Chunks, read.Entries[i].Chunks);
            Assert.Equal(expected[i].Xattrs.OrderBy(x => x.Key, StringComparer.Ordinal), read.Entries[i].Xattrs.OrderBy(x => x.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void ReadBlob_Serialized_GivesItBackAndTheSameBytes()
    {
        var recipe = new BlobRecipe { Digest = Digest.Of("ab"u8), Size = 7, Chunks = [ChunkA, ChunkB] };

        var bytes = RecipeSerializer.Serialize(recipe);
        var read = RecipeSerializer.ReadBlob(bytes);

        Assert.Equal($"{{\"format\":\"hoist-blob/1\",\"digest\":\"{recipe.Digest}\",\"size\":7,\"chunks\":[{{\"digest\":\"{ChunkA.Digest}\",\"size\":3}},{{\"digest\":\"{ChunkB.Digest}\",\"size\":4}}]}}", Encoding.UTF8.GetString(bytes));
        Assert.Equal((recipe.Digest, recipe.Size), (read.Digest, read.Size));
        Assert.Equal(recipe.Chunks, read.Chunks);
        Assert.Equal(bytes, RecipeSerializer.Serialize(read));
    }

    [Fact]
    public void FormatOf_EitherKind_GivesTheFormat()
    {
        Assert.Equal(TreeRecipe.FormatName, RecipeSerializer.FormatOf(RecipeSerializer.Serialize(SampleTree())));
        Assert.Equal(BlobRecipe.FormatName, RecipeSerializer.FormatOf("{\"size\":{\"a\":1},\"format\":\"hoist-blob/1\"}"u8));
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<HoistException>(() => RecipeSerializer.FormatOf("[1]"u8)).Kind);
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<HoistException>(() => RecipeSerializer.FormatOf("{\"format\""u8)).Kind);
    }

    [Theory]
    [InlineData("{\"format\":\"hoist-tree/1\",\"entries\":[", "tree recipe is not valid JSON")]
    [InlineData("{\"format\":\"hoist-tree/2\",\"entries\":[]}", "format 'hoist-tree/2' is not hoist-tree/1")]
    [InlineData("{\"entries\":[]}", "format (none) is not hoist-tree/1")]
    [InlineData("{\"format\":\"hoist-tree/1\",\"entries\":[]}", "it has no entries")]
    [InlineData("{\"format\":\"hoist-tree/1\",\"entries\":[{\"path\":\"x\",\"kind\":\"directory\"}]}", "entry 0 'x': the first entry must be the root")]
    [InlineData("{\"format\":\"hoist-tree/1\",\"extra\":1,\"entries\":[]}", "tree recipe is not valid JSON")]
    [InlineData("{\"format\":\"hoist-tree/1\",\"entries\":[{\"path\":\"\",\"kind\":\"directory\",\"mode\":1,\"mode\":2}]}", "tree recipe is not valid JSON")]
    [InlineData("{\"format\":\"hoist-tree/1\",\"entries\":[{\"path\":\"\",\"kind\":\"folder\"}]}", "entry 0 '': kind 'folder' is not one of directory, file,")]
    [InlineData("{\"format\":\"hoist-tree/1\",\"entries\":[{\"path\":\"\",\"kind\":\"directory\",\"mode\":65535}]}", "mode 177777 has bits beyond 07777")]
    [InlineData("{\"format\":\"hoist-tree/1\",\"entries\":[{\"path\":\"\",\"kind\":\"directory\",\"mode\":-1}]}", "tree recipe is not valid JSON")]
    public void ReadTree_Damaged_ThrowsInvalidArgumentSayingWhy(string json, string problem)
    {
        var error = Assert.Throws<HoistException>(() => RecipeSerializer.ReadTree(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(problem, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("{\"path\":\"../x\",\"kind\":\"directory\"}", "entry 1 '../x': a path may not contain '..'")]
    [InlineData("{\"path\":\"/abs\",\"kind\":\"directory\"}", "entry 1 '/abs': a path may not be absolute")]
    [InlineData("{\"path\":\"a//b\",\"kind\":\"directory\"}", "empty component")]
    [InlineData("{\"path\":\"a/\",\"kind\":\"directory\"}", "empty component")]
    [InlineData("{\"path\":\"a/./b\",\"kind\":\"directory\"}", "may not contain '.'")]
    [InlineData("{\"path\":\"nul\\u0000x\",\"kind\":\"fifo\"}", "entry 1 'nul\\x00x': a path may not contain a NUL byte")]
    [InlineData("{\"path\":\"missing/child\",\"kind\":\"fifo\"}", "its directory 'missing' is not an entry before it")]
    [InlineData("{\"path\":\"f\",\"kind\":\"file\",\"size\":3}", "its size 3 is not the sum of its chunks' sizes (0)")]
    [InlineData("{\"path\":\"f\",\"kind\":\"file\",\"size\":1,\"chunks\":[{\"digest\":\"sha256:12\",\"size\":1}]}", "chunk 0: 'sha256:12' is not a digest")]
    [InlineData("{\"path\":\"f\",\"kind\":\"file\",\"chunks\":[{\"digest\":\"sha256:ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb\",\"size\":0}]}", "chunk 0: its size 0 is not within 1 to 16777216")]
    [InlineData("{\"path\":\"d\",\"kind\":\"directory\",\"size\":3}", "a Directory has no size and no chunks")]
    [InlineData("{\"path\":\"d\",\"kind\":\"directory\",\"link\":\"x\"}", "a Directory has no link")]
    [InlineData("{\"path\":\"d\",\"kind\":\"fifo\",\"major\":1}", "a Fifo has no device numbers")]
    [InlineData("{\"path\":\"s\",\"kind\":\"symlink\"}", "a symlink needs a target")]
    [InlineData("{\"path\":\"h\",\"kind\":\"hardlink\",\"link\":\"nowhere\"}", "a hard link must name an entry before it; 'nowhere' is none")]
    [InlineData("{\"path\":\"h\",\"kind\":\"hardlink\",\"link\":\"\"}", "a hard link must name the first entry of its inode, not a Directory")]
    [InlineData("{\"path\":\"x\",\"kind\":\"fifo\",\"xattrs\":{\"trusted.overlay.origin\":\"AA==\"}}", "xattr trusted.overlay.origin is overlayfs's own")]
    [InlineData("{\"path\":\"x\",\"kind\":\"fifo\",\"xattrs\":{\"bogus\":\"AA==\"}}", "xattr name 'bogus' is not a user., trusted., security. or system. name")]
    [InlineData("{\"path\":\"x\",\"kind\":\"fifo\",\"xattrs\":{\"user.x\":\"not base64!\"}}", "the value of xattr 'user.x' is not base64")]
    [InlineData("{\"path\":\"b\",\"kind\":\"fifo\"},{\"path\":\"a\",\"kind\":\"fifo\"}", "entry 2 'a': entries must be in ordinal order of path, each once: it comes after 'b'")]
    [InlineData("{\"path\":\"a\",\"kind\":\"fifo\"},{\"path\":\"a\",\"kind\":\"fifo\"}", "each once")]
    [InlineData("{\"path\":\"link\",\"kind\":\"symlink\",\"link\":\"/etc\"},{\"path\":\"link/passwd\",\"kind\":\"fifo\"}", "entry 2 'link/passwd': it lies under 'link', which is a Symlink, not a directory")]
    public void ReadTree_BadEntry_ThrowsInvalidArgumentNamingIt(string entries, string problem)
    {
        var json = "{\"format\":\"hoist-tree/1\",\"entries\":[{\"path\":\"\",\"kind\":\"directory\"}," + entries + "]}";

        var error = Assert.Throws<HoistException>(() => RecipeSerializer.ReadTree(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("tree recipe is not valid: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData("{\"format\":\"hoist-blob/1\",\"digest\":\"md5:x\",\"size\":0}", "its digest: 'md5:x' is not a digest")]
    [InlineData("{\"format\":\"hoist-tree/1\",\"digest\":\"sha256:ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb\"}", "format 'hoist-tree/1' is not hoist-blob/1")]
    [InlineData("{\"format\":\"hoist-blob/1\",\"digest\":\"sha256:ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb\",\"size\":5}", "its size 5 is not the sum of its chunks' sizes (0)")]
    [InlineData("null", "blob recipe is not valid: it is null")]
    public void ReadBlob_Damaged_ThrowsInvalidArgumentSayingWhy(string json, string problem)
    {
        var error = Assert.Throws<HoistException>(() => RecipeSerializer.ReadBlob(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Serialize_BadRecipe_ThrowsInvalidArgument()
    {
        var bad = new TreeRecipe { Entries = [new TreeEntry { Path = string.Empty, Kind = TreeEntryKind.Directory }, new TreeEntry { Path = "../up", Kind = TreeEntryKind.Fifo }] };

        var error = Assert.Throws<HoistException>(() => RecipeSerializer.Serialize(bad));

        Assert.Contains("entry 1 '../up': a path may not contain '..'", error.Message);
    }

    private static TreeRecipe SampleTree() => new()
    {
        Entries =
        [
            new TreeEntry { Path = string.Empty, Kind = TreeEntryKind.Directory, Mode = 0x1ED, MtimeNs = 1_700_000_000_123_456_789, Xattrs = Xattrs(("trusted.overlay.opaque", "y"u8.ToArray())) },
            new TreeEntry { Path = "bin", Kind = TreeEntryKind.File, Mode = 0xDED, Uid = 1000, Gid = 1000, MtimeNs = -5, Size = 7, Chunks = [ChunkA, ChunkB] },
            new TreeEntry { Path = "bin2", Kind = TreeEntryKind.HardLink, Link = "bin" },
            new TreeEntry { Path = "dev", Kind = TreeEntryKind.BlockDevice, Mode = 0x1B0, Major = 8, Minor = 1 },
            new TreeEntry { Path = "gone", Kind = TreeEntryKind.CharDevice },
            new TreeEntry { Path = "link", Kind = TreeEntryKind.Symlink, Mode = 0x1FF, Link = "../x y", Xattrs = Xattrs(("user.b", []), ("user.a", [0, 1, 255])) },
        ],
    };

    private static IReadOnlyDictionary<string, byte[]> Xattrs(params (string Name, byte[] Value)[] xattrs) =>
        xattrs.ToDictionary(x => x.Name, x => x.Value);
}
