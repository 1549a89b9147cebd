using System.Diagnostics;
using System.Globalization;
using Hoist.Runtime.State;
using Hoist.Testing;
using Xunit.Abstractions;

namespace Hoist.Runtime.Tests.State;

/// <summary>
/// Writes and extracts a ~100 MB state (50 MB of this machine's shared libraries, 50 MB of random
/// bytes standing in for compressed data) beside the native peer doing the same job in the same
/// run: tar --xattrs | zstd -T0 at the same level (then sync) and zstd -d | tar -x. Best of three.
/// Measured (Release, 2 cores, other builds running): write 304-349 ms against the peer's 318-374 ms;
/// extract 396-576 ms against 173-241 ms, since the extractor reads the layer twice (it verifies the
/// whole archive before creating anything). The bounds only catch gross regressions: a Debug build
/// on a busy machine is slower.
/// </summary>
public sealed class StateArchiveSpeedTests(ITestOutputHelper output)
{
    private const long HalfSize = 50_000_000;
    private const int Runs = 3;

    [Fact]
    public async Task WriteAndExtract_100MBState_WithinAFewTimesTheNativePeer()
    {
        var tar = Prerequisites.RequireTool("tar", "tar");
        Prerequisites.RequireTool("zstd", "zstd");
        using var temp = new TempDirectory("state-speed");
        var upper = temp.Combine("upper");
        var bytes = CreateState(upper);
        var archive = temp.Combine("state.hstate");
        var peer = temp.Combine("peer.tar.zst");
        var level = StateArchiveWriter.CompressionLevel.ToString(CultureInfo.InvariantCulture);
        var variables = new Dictionary<string, string?> { ["UPPER"] = upper, ["PEER"] = peer, ["LEVEL"] = level, ["TAR"] = tar };

        TimeSpan write = TimeSpan.MaxValue, extract = TimeSpan.MaxValue, peerWrite = TimeSpan.MaxValue, peerExtract = TimeSpan.MaxValue;
        for (var run = 0; run < Runs; run++)
        {
            File.Delete(archive);
            write = Min(write, await TimeAsync(() => StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), archive, null, CancellationToken.None)));
            var target = temp.Combine($"extracted-{run}");
            extract = Min(extract, await TimeAsync(() => StateArchiveExtractor.ExtractAsync(archive, target, null, CancellationToken.None)));

            variables["TARGET"] = temp.Combine($"peer-extracted-{run}");
            peerWrite = Min(peerWrite, await TimeAsync(() => Shell.InPrivateMountsAsync(
                "\"$TAR\" --xattrs --xattrs-include='*' --numeric-owner -C \"$UPPER\" -cf - . | zstd -q -f -T0 -\"$LEVEL\" -o \"$PEER\" && sync \"$PEER\"", variables)));
            peerExtract = Min(peerExtract, await TimeAsync(() => Shell.InPrivateMountsAsync(
                "mkdir \"$TARGET\" && zstd -dc \"$PEER\" | \"$TAR\" --xattrs --xattrs-include='*' --numeric-owner -C \"$TARGET\" -xf -", variables)));
        }

        output.WriteLine($"state: {bytes / 1e6:0.0} MB in files; archive {new FileInfo(archive).Length / 1e6:0.0} MB, peer {new FileInfo(peer).Length / 1e6:0.0} MB (zstd level {level})");
        output.WriteLine($"write:   hoist {Ms(write)} ({bytes / 1e6 / write.TotalSeconds:0} MB/s), tar | zstd {Ms(peerWrite)}");
        output.WriteLine($"extract: hoist {Ms(extract)} ({bytes / 1e6 / extract.TotalSeconds:0} MB/s, verification included), zstd -d | tar -x {Ms(peerExtract)}");
        var slack = TimeSpan.FromMilliseconds(500);
        Assert.True(write < (3 * peerWrite) + slack, $"writing took {Ms(write)}, the peer {Ms(peerWrite)}");
        Assert.True(extract < (4 * peerExtract) + slack, $"extracting took {Ms(extract)}, the peer {Ms(peerExtract)}");
    }

    private static long CreateState(string upper)
    {
        long bytes = 0;
        var libraries = Path.Combine(upper, "usr/lib");
        Directory.CreateDirectory(libraries);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var library in Directory.EnumerateFiles("/usr/lib/x86_64-linux-gnu", "*.so*", options).Order(StringComparer.Ordinal))
        {
            var size = new FileInfo(library).Length;
            if (bytes + size > HalfSize)
            {
                continue;
            }

            File.Copy(library, Path.Combine(libraries, Path.GetRelativePath("/usr/lib/x86_64-linux-gnu", library).Replace('/', '_')));
            bytes += size;
        }

        Assert.True(bytes > HalfSize * 0.8, $"only {bytes} bytes of libraries found in /usr/lib/x86_64-linux-gnu");
        var data = Path.Combine(upper, "var/lib/db");
        Directory.CreateDirectory(data);
        var random = new Random(42);
        var block = new byte[2_500_000];
        for (var i = 0; i < HalfSize / block.Length; i++)
        {
            random.NextBytes(block);
            File.WriteAllBytes(Path.Combine(data, $"blob-{i:D2}"), block);
            bytes += block.Length;
        }

        return bytes;
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string Ms(TimeSpan time) => $"{time.TotalMilliseconds:0} ms";
}
