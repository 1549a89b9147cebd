using System.Diagnostics;
using Hoist.Linux;
using Hoist.Runtime.Apps;

namespace Hoist.Runtime.Tests.Apps;

public sealed class InitStatusWaitTests
{
    [Fact]
    public async Task NextAsync_StatusWritten_ReturnsWithoutWaitingForTheTimeout()
    {
        var directory = Directory.CreateTempSubdirectory("hoist-status-wait-").FullName;
        try
        {
            var path = Path.Combine(directory, "status.json");
            using var watch = FileWatch.TryStart(path);
            Assert.NotNull(watch);
            File.WriteAllText(path + ".tmp", "{}");
            File.Move(path + ".tmp", path);

            var clock = Stopwatch.StartNew();
            await InitStatusWait.NextAsync(watch, TimeSpan.Zero, TimeSpan.FromMinutes(2), TimeSpan.Zero, CancellationToken.None);

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the wait took {clock.Elapsed}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(0.5, 120_000)] // the watch ends in half a millisecond
    [InlineData(0, 0.2)] // the timeout is 0.2 ms away
    [InlineData(0, -5)] // the timeout has passed
    public async Task NextAsync_EndUnderAMillisecondAway_ReturnsSoon(double watchMilliseconds, double timeoutMilliseconds)
    {
        var directory = Directory.CreateTempSubdirectory("hoist-status-wait-").FullName;
        try
        {
            using var watch = FileWatch.TryStart(Path.Combine(directory, "status.json"));
            var clock = Stopwatch.StartNew();

            await InitStatusWait.NextAsync(
                watch, TimeSpan.Zero, TimeSpan.FromMilliseconds(timeoutMilliseconds), TimeSpan.FromMilliseconds(watchMilliseconds), CancellationToken.None);

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the wait took {clock.Elapsed}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
