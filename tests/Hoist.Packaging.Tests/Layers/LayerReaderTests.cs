using System.Formats.Tar;
using Hoist.Core.Errors;
using Hoist.Packaging.Layers;
using static Hoist.Packaging.Tests.Layers.HostileLayer;

namespace Hoist.Packaging.Tests.Layers;

/// <summary>Hostile and damaged layers: each is refused with InvalidArgument before the bad entry
/// reaches the callback.</summary>
public sealed class LayerReaderTests
{
    private static readonly string LongNulName = new string('n', 120) + "\0x";

    /// <summary>Each case: the layer, how many entries come before the refused one, the message.</summary>
    private static readonly Dictionary<string, (Func<byte[]> Layer, int Before, string Message)> Hostile = new()
    {
        ["dotdot"] = (() => Layer(FileEntry("../etc/passwd")), 0, "layer entry '../etc/passwd': a path may not contain '..'"),
        ["dotdot-inside"] = (() => Layer(DirectoryEntry("a"), FileEntry("a/../../etc/passwd")), 1, "a path may not contain '..'"),
        ["absolute"] = (() => Layer(FileEntry("/etc/passwd")), 0, "layer entry '/etc/passwd': a path may not be absolute"),
        ["dot"] = (() => Layer(FileEntry("./etc/passwd")), 0, "a path may not contain '.' components"),
        ["empty-name"] = (() => Compress(RawTar(string.Empty)), 0, "layer entry '': a path is empty"),
        ["nul-name"] = (() => Compress(RawTar(LongNulName)), 0, "a path may not contain NUL"),
        ["duplicate"] = (() => Layer(FileEntry("a"), FileEntry("a")), 1, "layer entry 'a': the path appears twice in the layer"),
        ["duplicate-directory"] = (() => Layer(DirectoryEntry("a"), DirectoryEntry("a/")), 1, "the path appears twice in the layer"),
        ["whiteout-then-file"] = (() => Layer(FileEntry(".wh.a"), FileEntry("a")), 1, "the path appears twice in the layer"),
        ["character-device"] = (() => Layer(NodeEntry(TarEntryType.CharacterDevice, "dev/null")), 0, "layer entry 'dev/null': a layer may not hold character devices"),
        ["block-device"] = (() => Layer(NodeEntry(TarEntryType.BlockDevice, "dev/sda")), 0, "a layer may not hold block devices"),
        ["fifo"] = (() => Layer(NodeEntry(TarEntryType.Fifo, "run/pipe")), 0, "a layer may not hold FIFOs"),
        ["global-header"] = (() => Layer(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["uid"] = "0" })), 0, "is not supported in a layer"),
        ["hardlink-absolute"] = (() => Layer(FileEntry("a"), HardLinkEntry("b", "/etc/shadow")), 1, "layer entry 'b': a hard link target may not be absolute ('/etc/shadow')"),
        ["hardlink-dotdot"] = (() => Layer(FileEntry("a"), HardLinkEntry("b", "../a")), 1, "a hard link target may not contain '..'"),
        ["hardlink-missing"] = (() => Layer(FileEntry("a"), HardLinkEntry("b", "nothere")), 1, "the hard link target 'nothere' is not an earlier regular file of this layer"),
        ["hardlink-later"] = (() => Layer(HardLinkEntry("b", "a"), FileEntry("a")), 0, "is not an earlier regular file"),
        ["hardlink-directory"] = (() => Layer(DirectoryEntry("d"), HardLinkEntry("b", "d")), 1, "is not an earlier regular file"),
        ["hardlink-symlink"] = (() => Layer(SymlinkEntry("s", "/etc/shadow"), HardLinkEntry("b", "s")), 1, "is not an earlier regular file"),
        ["symlink-escapes"] = (() => Layer(SymlinkEntry("a/link", "../../etc")), 0, "layer entry 'a/link': the symlink target '../../etc' points outside the layer root"),
        ["symlink-escapes-top"] = (() => Layer(SymlinkEntry("link", "..")), 0, "points outside the layer root"),
        ["symlink-escapes-later"] = (() => Layer(SymlinkEntry("a/b/link", "c/../../../../x")), 0, "points outside the layer root"),
        ["under-symlink"] = (() => Layer(SymlinkEntry("a", "/etc"), FileEntry("a/passwd")), 1, "layer entry 'a/passwd' lies under the symlink 'a'"),
        ["under-symlink-deep"] = (() => Layer(DirectoryEntry("x"), SymlinkEntry("x/a", "."), DirectoryEntry("x/a/b"), FileEntry("x/a/b/c")), 2, "lies under the symlink 'x/a'"),
        ["under-file"] = (() => Layer(FileEntry("a"), FileEntry("a/b")), 1, "lies under the file 'a'"),
        ["under-whiteout"] = (() => Layer(FileEntry(".wh.a"), FileEntry("a/b")), 1, "lies under the whiteout 'a'"),
        ["opaque-under-symlink"] = (() => Layer(SymlinkEntry("a", "/etc"), FileEntry("a/.wh..wh..opq")), 1, "lies under the symlink 'a'"),
        ["symlink-over-directory"] = (() => Layer(FileEntry("a/b"), SymlinkEntry("a", "/etc")), 1, "the path is a directory that holds earlier entries"),
        ["whiteout-content"] = (() => Layer(FileEntry("etc/.wh.foo", "data")), 0, "layer entry 'etc/.wh.foo': a whiteout may not have content"),
        ["whiteout-empty-name"] = (() => Layer(FileEntry("etc/.wh.")), 0, "a whiteout must name the file it deletes"),
        ["whiteout-dot"] = (() => Layer(FileEntry("etc/.wh..")), 0, "a whiteout must name the file it deletes"),
        ["whiteout-dotdot"] = (() => Layer(FileEntry("etc/.wh...")), 0, "a whiteout must name the file it deletes"),
        ["whiteout-directory"] = (() => Layer(DirectoryEntry("etc/.wh.foo")), 0, "a whiteout must be an empty regular file"),
        ["whiteout-unknown"] = (() => Layer(FileEntry("etc/.wh..wh.plnk")), 0, "is not a whiteout this reader knows"),
        ["whiteout-in-path"] = (() => Layer(FileEntry(".wh.etc/passwd")), 0, "the name '.wh.etc' is reserved for whiteouts"),
        ["opaque-root"] = (() => Layer(FileEntry(".wh..wh..opq")), 0, "the layer root cannot be made opaque"),
        ["opaque-twice"] = (() => Layer(FileEntry("d/.wh..wh..opq"), FileEntry("d/.wh..wh..opq")), 1, "the directory is marked opaque twice"),
        ["xattr-not-base64"] = (() => Layer(FileEntry("a", pax: new Dictionary<string, string> { ["LIBARCHIVE.xattr.user.x"] = "not base64!" })), 0, "the value of xattr 'user.x' is not base64"),
        ["directory-with-content"] = (() => Compress(RawDirectoryWithSize()), 0, "layer is truncated or corrupt: The value of the size field"),
    };

    public static TheoryData<string> HostileCases => [.. Hostile.Keys];

    [Theory]
    [MemberData(nameof(HostileCases))]
    public async Task ReadAsync_HostileEntry_ThrowsInvalidArgumentBeforeHandingItOn(string name)
    {
        var (layer, before, message) = Hostile[name];
        var seen = new List<string>();

        var error = await Assert.ThrowsAsync<HoistException>(() => LayerReader.ReadAsync(new MemoryStream(layer()), (entry, _, _) =>
        {
            seen.Add(entry.Path);
            return ValueTask.CompletedTask;
        }, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(before, seen.Count);
    }

    [Theory]
    [InlineData("./a", "a path may not contain '.' components")]
    [InlineData("a/./b", "a path may not contain '.' components")]
    public async Task ReadAsync_DotComponents_AreRefusedEvenWhereHarmless(string name, string message)
    {
        var error = await Assert.ThrowsAsync<HoistException>(() => ReadAllAsync(Layer(FileEntry(name))));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task ReadAsync_AllowedLinks_AreAccepted()
    {
        var layer = Layer(
            DirectoryEntry("a"),
            DirectoryEntry("a/b"),
            SymlinkEntry("a/b/up", "../../x"),
            SymlinkEntry("a/abs", "/etc/passwd"),
            SymlinkEntry("a/dots", "./b/../b/up"),
            FileEntry("a/file", "content"),
            HardLinkEntry("a/b/hard", "a/file"),
            FileEntry("a/.wh.gone"),
            FileEntry("a/b/.wh..wh..opq"));

        var entries = await ReadAllAsync(layer);

        Assert.Equal(
            ["a", "a/b", "a/b/up", "a/abs", "a/dots", "a/file", "a/b/hard", "a/gone", "a/b"],
            entries.Select(e => e.Path));
        Assert.Equal(LayerEntryKind.Whiteout, entries[7].Kind);
        Assert.Equal(LayerEntryKind.Opaque, entries[8].Kind);
    }

    [Fact]
    public async Task ReadAsync_CallbackThrows_ExceptionPassesThroughUnchanged()
    {
        var layer = Layer(FileEntry("a", "x"));

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LayerReader.ReadAsync(new MemoryStream(layer), (_, _, _) => throw new InvalidOperationException("disk full"), CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            LayerReader.ReadAsync(new MemoryStream(Layer(FileEntry("a", "x"))), (_, _, _) => ValueTask.CompletedTask, cancellation.Token));
    }

    internal static async Task<List<LayerEntry>> ReadAllAsync(byte[] layer)
    {
        var entries = new List<LayerEntry>();
        await LayerReader.ReadAsync(new MemoryStream(layer), (entry, _, _) =>
        {
            entries.Add(entry);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        return entries;
    }

    /// <summary>A directory header that claims 512 bytes of content.</summary>
    private static byte[] RawDirectoryWithSize()
    {
        var header = PaxHeaderWriter.Encode("d", (byte)'5', new LayerEntry { Path = "d", Kind = LayerEntryKind.Directory }, 512, null);
        return [.. header, .. new byte[512], .. new byte[1024]];
    }
}
