using System.Diagnostics;

namespace Hoist.Linux.Tests;

public sealed class FileWatchTests
{
    [Fact]
    public async Task WaitAsync_FileReplacedByRename_EndsBeforeTheTimeout()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("status.json");
        File.WriteAllText(path, "old");
        using var watch = FileWatch.TryStart(path);
        Assert.NotNull(watch);

        var clock = Stopwatch.StartNew();
        var wait = watch.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await Task.Delay(50);
        File.WriteAllText(path + ".tmp", "new");
        File.Move(path + ".tmp", path, overwrite: true);

        Assert.True(await wait);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the wait took {clock.Elapsed}");
    }

    [Fact]
    public async Task WaitAsync_ChangedBeforeTheWait_EndsAtOnce()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("status.json");
        using var watch = FileWatch.TryStart(path);
        Assert.NotNull(watch);

        File.WriteAllText(path, "written after the watch started");

        Assert.True(await watch.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
    }

    [Fact]
    public async Task WaitAsync_OnlyAnotherFileChanges_TimesOut()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("status.json");
        using var watch = FileWatch.TryStart(path);
        Assert.NotNull(watch);

        File.WriteAllText(temp.Combine("other"), "x");

        Assert.False(await watch.WaitAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_Throws()
    {
        using var temp = new TempDirectory();
        using var watch = FileWatch.TryStart(temp.Combine("status.json"));
        Assert.NotNull(watch);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch.WaitAsync(TimeSpan.FromSeconds(30), cancel.Token));
    }

    [Fact]
    public void TryStart_DirectoryMissing_ReturnsNull()
    {
        using var temp = new TempDirectory();

        Assert.Null(FileWatch.TryStart(temp.Combine("missing/status.json")));
    }
}
