using System.Diagnostics;
using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Integration;

/// <summary>A held exec mode waits in the gate linked into hoist-init (Native/gate.c): a process of one
/// thread, exec'd from exec mode after every step, that runs the command on a byte and exits on the end
/// of the pipe.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class NativeGateTests : IDisposable
{
    private readonly TempDirectory _directory = new("init");

    [Fact]
    public async Task Held_Released_RunsTheRequestsArgvEnvironmentCredentialsAndDirectory()
    {
        var request = new ExecRequest
        {
            Argv = ["sh", "-c", "echo \"$0 $1\"; id -u; id -g; id -G; pwd; exec env -u PWD", "zero", "one two"],
            Environment = ["PATH=/usr/bin:/bin", "ONLY=this"],
            Uid = 65534,
            Gid = 65534,
            Groups = [100],
            WorkingDirectory = "/usr/share",
        };
        using var process = await ExecModeTests.StartHeldAsync(request);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await InGateAsync(process);

        await ReleaseAsync(process);

        await ExecModeTests.WaitAsync(process);
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Equal("zero one two\n65534\n65534\n65534 100\n/usr/share\nPATH=/usr/bin:/bin\nONLY=this\n", await stdout);
    }

    [Fact]
    public async Task Held_PipeClosed_ExitsZeroAndRunsNothing()
    {
        var marker = _directory.Combine("ran");
        using var process = await ExecModeTests.StartHeldAsync(new ExecRequest { Argv = ["/bin/sh", "-c", $"echo ran > {marker}"] });
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await InGateAsync(process);

        process.StandardInput.Close();

        await ExecModeTests.WaitAsync(process);
        Assert.Equal((0, string.Empty, string.Empty), (process.ExitCode, await stdout, await stderr));
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Held_ProgramRemovedWhileHeld_Exits127NamingIt()
    {
        var bin = _directory.Combine("bin");
        Directory.CreateDirectory(bin);
        var program = Path.Combine(bin, "service");
        File.Copy("/bin/true", program);
        using var process = await ExecModeTests.StartHeldAsync(new ExecRequest { Argv = ["service"], Environment = [$"PATH=/nonexistent:{bin}"] });
        var stderr = process.StandardError.ReadToEndAsync();
        await InGateAsync(process);

        File.Delete(program);
        await ReleaseAsync(process);

        await ExecModeTests.WaitAsync(process);
        Assert.Equal((127, $"hoist-init exec: cannot run {program}: No such file or directory\n"), (process.ExitCode, await stderr));
    }

    [Fact]
    public async Task Held_ProgramMissingBeforeTheHold_WaitsAndReportsItAtTheRelease()
    {
        using var process = await ExecModeTests.StartHeldAsync(new ExecRequest { Argv = ["no-such-program"], Environment = ["PATH=/usr/bin:/bin"] });
        var stderr = process.StandardError.ReadToEndAsync();
        await Task.Delay(300);
        Assert.False(process.HasExited, "exec mode ended before the release");

        await ReleaseAsync(process);

        await ExecModeTests.WaitAsync(process);
        Assert.Equal((127, "hoist-init exec: cannot run no-such-program: No such file or directory\n"), (process.ExitCode, await stderr));
    }

    /// <summary>Waits until the held process waits in the gate: hoist-init exec'd again, named so, asleep,
    /// of one thread, with nothing but the gate's variable in its environment. Fails when it does not get
    /// there within 10 s.</summary>
    internal static async Task InGateAsync(Process process)
    {
        string? environment = null, status = null;
        for (var i = 0; i < 500; i++)
        {
            environment = ProcFiles.TryRead($"/proc/{process.Id}/environ");
            status = ProcFiles.TryRead($"/proc/{process.Id}/status");
            if (environment?.StartsWith("HOIST_EXEC_GATE=", StringComparison.Ordinal) == true
                && status?.Contains("Name:\thoist-init\n", StringComparison.Ordinal) == true
                && status.Contains("\nState:\tS", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(20);
        }

        Assert.True(environment?.StartsWith("HOIST_EXEC_GATE=", StringComparison.Ordinal) == true,
            $"the held process did not enter the gate (is Native/gate.c linked into hoist-init?); its variables: {string.Join(' ', Names(environment))}");
        Assert.Equal(["HOIST_EXEC_GATE"], Names(environment));
        Assert.Contains("Name:\thoist-init\n", status);
        Assert.Contains("\nState:\tS", status);
        Assert.Contains("\nThreads:\t1\n", status);
        Assert.Equal("hoist-init exec", ProcFiles.CommandLine(process.Id));
        Assert.False(process.HasExited, "the gate ended before the release");
    }

    private static IEnumerable<string> Names(string? environment) =>
        (environment ?? string.Empty).Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(v => v.Split('=')[0]);

    private static async Task ReleaseAsync(Process process)
    {
        await process.StandardInput.WriteAsync('x');
        await process.StandardInput.FlushAsync();
    }

    public void Dispose() => _directory.Dispose();
}
