using System.Diagnostics;
using System.Text.Json;
using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Integration;

/// <summary>`hoist-init exec` run directly, as `hoist exec` runs it.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class ExecModeTests : IDisposable
{
    private readonly TempDirectory _directory = new("init");

    [Fact]
    public async Task Exec_NameOnPath_RunsWithExactlyTheRequestEnvironment()
    {
        var (code, stdout, stderr) = await ExecAsync(new ExecRequest { Argv = ["env"], Environment = ["PATH=/usr/bin:/bin", "ONLY=this"] });

        Assert.True(code == 0, stderr);
        Assert.Equal("PATH=/usr/bin:/bin\nONLY=this\n", stdout);
    }

    [Fact]
    public async Task Exec_MissingProgram_Exits127()
    {
        var (code, _, stderr) = await ExecAsync(new ExecRequest { Argv = ["no-such-program"], Environment = ["PATH=/usr/bin:/bin"] });

        Assert.Equal(127, code);
        Assert.Equal("hoist-init exec: cannot run no-such-program: No such file or directory\n", stderr);
    }

    [Fact]
    public async Task Exec_FileNotExecutable_Exits126()
    {
        var file = _directory.Combine("data.txt");
        File.WriteAllText(file, "not a program");

        var (code, _, stderr) = await ExecAsync(new ExecRequest { Argv = [file] });

        Assert.Equal(126, code);
        Assert.Equal($"hoist-init exec: cannot run {file}: Permission denied\n", stderr);
    }

    [Fact]
    public async Task Exec_MissingDirectory_Exits1()
    {
        var (code, _, stderr) = await ExecAsync(new ExecRequest { Argv = ["/bin/true"], WorkingDirectory = "/nonexistent" });

        Assert.Equal(1, code);
        Assert.Equal("hoist-init exec: cannot change directory to /nonexistent: No such file or directory\n", stderr);
    }

    [Fact]
    public async Task Exec_UnknownCapability_Exits1()
    {
        var (code, _, stderr) = await ExecAsync(new ExecRequest { Argv = ["/bin/true"], Capabilities = ["CAP_FLY"] });

        Assert.Equal(1, code);
        Assert.Equal("hoist-init exec: unknown capability 'CAP_FLY'\n", stderr);
    }

    [Fact]
    public async Task Exec_LimitAboveHardLimit_CappedAtTheHardLimit()
    {
        var (code, stdout, stderr) = await ExecAsync(new ExecRequest { Argv = ["/bin/sh", "-c", "ulimit -Hn; ulimit -Sn"], LimitNoFile = 1L << 40 });

        Assert.True(code == 0, stderr);
        var hard = File.ReadAllLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[4];
        Assert.Equal($"{hard}\n{hard}\n", stdout);
    }

    [Fact]
    public async Task Exec_Held_RunsTheCommandOnlyOnceReleased()
    {
        using var process = await StartHeldAsync(new ExecRequest { Argv = ["echo", "released"], Environment = ["PATH=/usr/bin:/bin"] });
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await Task.Delay(300);
        Assert.False(process.HasExited, "exec mode ended before the release");

        await process.StandardInput.WriteAsync('x');
        await process.StandardInput.FlushAsync();

        await WaitAsync(process);
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Equal("released\n", await stdout);
    }

    [Fact]
    public async Task Exec_HeldPipeClosedWithoutRelease_ExitsZeroWithoutRunningTheCommand()
    {
        var marker = _directory.Combine("ran");
        using var process = await StartHeldAsync(new ExecRequest { Argv = ["/bin/sh", "-c", $"echo ran > {marker}"] });
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        process.StandardInput.Close();

        await WaitAsync(process);
        Assert.Equal((0, string.Empty, string.Empty), (process.ExitCode, await stdout, await stderr));
        Assert.False(File.Exists(marker));
    }

    /// <summary>Exec mode held on a pipe: its descriptor 3 is the read end of this process's stdin.</summary>
    internal static async Task<Process> StartHeldAsync(ExecRequest request)
    {
        Prerequisites.RequireRoot();
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", "exec \"$0\" exec 3<&0 </dev/null", await HoistInitBinary.PathAsync() },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["HOIST_EXEC_REQUEST"] = JsonSerializer.Serialize(request, SupervisionJson.Default.ExecRequest),
                ["HOIST_EXEC_HOLD"] = "3",
            },
        };
        return Process.Start(start)!;
    }

    internal static async Task WaitAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> ExecAsync(ExecRequest request)
    {
        Prerequisites.RequireRoot();
        var start = new ProcessStartInfo(await HoistInitBinary.PathAsync(), "exec")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["HOIST_EXEC_REQUEST"] = JsonSerializer.Serialize(request, SupervisionJson.Default.ExecRequest) },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => _directory.Dispose();
}
