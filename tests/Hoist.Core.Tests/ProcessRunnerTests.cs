using Hoist.Core.Errors;
using Hoist.Core.Processes;

namespace Hoist.Core.Tests;

public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task RunAsync_CapturesOutputTailAndExitCode()
    {
        var lines = new List<string>();
        var spec = new ProcessSpec("/bin/sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done; echo oops >&2; exit 7")
        {
            TailLines = 3,
            OnStdout = lines.Add,
        };

        var result = await ProcessRunner.RunAsync(spec, CancellationToken.None);

        Assert.Equal(7, result.ExitCode);
        Assert.Equal(["line1", "line2", "line3", "line4", "line5"], lines);
        Assert.Equal(3, result.Tail.Count);
        Assert.Contains("oops", result.Tail);
        Assert.Equal("oops\n", result.Stderr);
    }

    [Fact]
    public async Task RunAsync_Timeout_KillsTreeAndThrowsUnavailable()
    {
        var marker = Path.Combine(Path.GetTempPath(), "hoist-timeout-" + Guid.NewGuid().ToString("n"));
        var spec = new ProcessSpec("/bin/sh", "-c", $"sleep 30 & echo $! > {marker}; wait") { Timeout = TimeSpan.FromMilliseconds(300) };

        var error = await Assert.ThrowsAsync<HoistException>(() => ProcessRunner.RunAsync(spec, CancellationToken.None));

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Contains("did not finish", error.Message);
        var child = int.Parse(File.ReadAllText(marker).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(marker);
        Assert.True(await IsGoneAsync(child), "the child of the timed-out program is still running");
    }

    // A killed process may stay a zombie until its new parent reaps it; that is gone enough.
    private static async Task<bool> IsGoneAsync(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            try
            {
                var stat = await File.ReadAllTextAsync($"/proc/{pid}/stat");
                if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    [Fact]
    public async Task RunAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ProcessRunner.RunAsync(new ProcessSpec("/bin/sleep", "30"), cancel.Token));
    }

    [Fact]
    public async Task Start_MissingProgram_ThrowsUnavailableNamingIt()
    {
        var error = await Assert.ThrowsAsync<HoistException>(
            () => ProcessRunner.RunAsync(new ProcessSpec("/nonexistent/tool"), CancellationToken.None));

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Contains("/nonexistent/tool", error.Message);
    }
}
