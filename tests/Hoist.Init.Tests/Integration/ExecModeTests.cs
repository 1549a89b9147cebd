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
