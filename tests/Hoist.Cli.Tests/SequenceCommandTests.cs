using Hoist.Core.Processes;
using Hoist.Testing;

namespace Hoist.Cli.Tests;

/// <summary>hoist sequence against the shared bookworm image: its failures leave nothing behind.</summary>
public sealed class SequenceCommandTests : IAsyncLifetime
{
    private IReadOnlyList<string> _packagesBefore = [];
    private Leftovers _before = null!;

    public async Task InitializeAsync()
    {
        await TestImages.GetAsync("bookworm");
        _packagesBefore = PackageDigests();
        _before = Leftovers.Take(TestHome.Shared);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Sequence_SmallInstaller_AddsPackageAndPrintsItsSummary()
    {
        var output = Path.Combine(Path.GetTempPath(), $"hello-{Guid.NewGuid():n}.hpkg");
        try
        {
            var result = await HoistCli.RunAsync(TestHome.Shared, "sequence", "--image", "bookworm", "--name", "hello", "--version", "2.0",
                "--run", "mkdir -p /opt/hello && echo 'hello from the installer' | tee /opt/hello/greeting", "-o", output);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("hello from the installer", result.Stderr);
            Assert.StartsWith("hello 2.0  ", result.Stdout);
            Assert.Contains($"sequenced hello into the library and {output}", result.Stdout);
            Assert.True(File.Exists(output));
            Assert.Single(PackageDigests().Except(_packagesBefore));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task Sequence_UnknownImage_ExitsThreeAndChangesNothing()
    {
        var result = await HoistCli.RunAsync(TestHome.Shared, "sequence", "--image", "sarge", "--name", "x", "--run", "true");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("hoist: image 'sarge' not found", result.ErrorLine);
        AssertUnchanged();
    }

    [Fact]
    public async Task Sequence_InstallerFails_ExitsFiveWithItsCodeAndLastLines()
    {
        var result = await HoistCli.RunAsync(TestHome.Shared, "sequence", "--image", "bookworm", "--name", "broken",
            "--run", "echo step one; echo 'E: Unable to locate package nosuchpkg' >&2; exit 7");

        Assert.Equal(5, result.ExitCode);
        Assert.Equal("hoist: the installer exited with code 7; nothing was added to the library; fix the installer and sequence again", result.ErrorLine);
        Assert.Contains("  | E: Unable to locate package nosuchpkg", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        AssertUnchanged();
    }

    [Fact]
    public async Task Sequence_RealAptFailure_ExitsFiveAndChangesNothing()
    {
        var result = await HoistCli.RunAsync(TestHome.Shared, "sequence", "--image", "bookworm", "--name", "nosuch", "--run", "apt-get install -y hoist-no-such-package");

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("Unable to locate package hoist-no-such-package", result.Stderr);
        AssertUnchanged();
    }

    [Fact]
    public async Task Sequence_InterruptedWhileInstalling_Exits130AndLeavesNothing()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var spec = await HoistCli.SpecAsync(TestHome.Shared, "sequence", "--image", "bookworm", "--name", "interrupted",
            "--run", "echo installer-running; sleep 123; echo not-reached") with
        {
            OnStderr = line =>
            {
                if (line.Contains("installer-running", StringComparison.Ordinal))
                {
                    started.TrySetResult();
                }
            },
        };
        await using var hoist = ExternalProcess.Start(spec);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));

        await ProcessRunner.RunAsync(new ProcessSpec("kill", "-INT", hoist.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None);
        var result = await hoist.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(130, result.ExitCode);
        Assert.Contains("hoist: cancelled", result.Stderr);
        Assert.DoesNotContain("not-reached", result.Stderr);
        Assert.False(SleepIsRunning(), "the installer's sleep survived the interrupt");
        AssertUnchanged();
    }

    [Fact]
    public async Task Sequence_RunAndScriptTogether_IsAUsageError()
    {
        var result = await HoistCli.RunAsync(TestHome.Shared, "sequence", "--image", "bookworm", "--name", "x", "--run", "true", "--script", "/etc/hostname");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("hoist: give the installer with exactly one of --run and --script", result.ErrorLine);
        AssertUnchanged();
    }

    [Fact]
    public async Task Sequence_BadName_ExitsTwo()
    {
        var result = await HoistCli.RunAsync(TestHome.Shared, "sequence", "--image", "bookworm", "--name", "Bad/Name", "--run", "true");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("hoist: package name 'Bad/Name' is not valid", result.ErrorLine);
    }

    [Fact]
    public async Task Sequence_AddSourceMissing_ExitsThree()
    {
        var result = await HoistCli.RunAsync(TestHome.Shared, "sequence", "--image", "bookworm", "--name", "x", "--run", "true", "--add", "/nonexistent:/opt/x");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hoist: --add source '/nonexistent' does not exist", result.ErrorLine);
    }

    [Fact]
    public async Task Sequence_ScriptAndAddedFiles_AreCaptured()
    {
        using var temp = new TempDirectory("script");
        var script = temp.Combine("install.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\nset -e\ninstall -m 0640 /tmp/added.conf /etc/added.conf\nmkdir -p /var/lib/added\n");
        await File.WriteAllTextAsync(temp.Combine("added.conf"), "listen_port 8123\n");

        var result = await HoistCli.RunAsync(TestHome.Shared, "sequence", "--image", "bookworm", "--name", "scripted",
            "--script", script, "--add", temp.Combine("added.conf") + ":/tmp/added.conf");
        var inspect = await HoistCli.RunAsync(TestHome.Shared, "package", "inspect", "scripted", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"/etc/added.conf\"", inspect.Stdout);
        Assert.Contains("\"/var/lib/added\"", inspect.Stdout);
        Assert.Contains("\"installer\": \"script install.sh\"", inspect.Stdout);
    }

    [Fact]
    public async Task Sequence_InstallerChangesNothing_ExitsFive()
    {
        var result = await HoistCli.RunAsync(TestHome.Shared, "sequence", "--image", "bookworm", "--name", "nothing", "--run", "true");

        Assert.Equal(5, result.ExitCode);
        Assert.StartsWith("hoist: the installer changed nothing that belongs to an app", result.ErrorLine);
        AssertUnchanged();
    }

    private void AssertUnchanged()
    {
        Assert.Equal(_packagesBefore, PackageDigests());
        Leftovers.Take(TestHome.Shared).AssertNothingLeftSince(_before);
    }

    private static List<string> PackageDigests() => [.. TestHome.Library.Packages.List().Select(p => p.Digest.ToString()).Order(StringComparer.Ordinal)];

    private static bool SleepIsRunning() =>
        Directory.EnumerateDirectories("/proc").Any(d =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(d, "cmdline")) == "sleep\0123\0";
            }
            catch (IOException)
            {
                return false;
            }
        });
}
