using Hoist.Linux;
using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Integration;

/// <summary>What a start prepares: environment files and expansion, runtime directories, Pre and Post commands.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class EnvironmentTests : IDisposable
{
    private readonly TempDirectory _directory = new("init");
    private InitRun? _run;

    [Fact]
    public async Task Supervise_EnvironmentFilesAndExpansion_CommandGetsTheValues()
    {
        var file = _directory.Combine("defaults");
        File.WriteAllText(file, "# settings\nNAME=\"from file\"\nWORDS=a b  c\n");
        var service = InitRun.Service("env", "printf", "[%s]", "$WORDS", "${GREETING}!", "${NAME}", "$$HOME", "${UNSET}x") with
        {
            Type = "oneshot",
            Restart = "no",
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["GREETING"] = "hello world", ["NAME"] = "from environment" },
            EnvironmentFiles = [file, "-" + _directory.Combine("optional-and-missing")],
        };
        _run = await InitRun.StartAsync(_directory, InitRun.Spec(_directory, service));

        await _run.WaitForStatusAsync(s => InitRun.Of(s, "env").State == ServiceStates.Exited, "env exited");

        Assert.Contains("out [a][b][c][hello world!][from file][$HOME][x]\n", _run.Log("env"));
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Supervise_RequiredEnvironmentFileMissing_StartFails()
    {
        var missing = _directory.Combine("missing.env");
        var service = InitRun.Service("env", "sleep", "300") with { Restart = "no", EnvironmentFiles = [missing] };
        _run = await InitRun.StartAsync(_directory, InitRun.Spec(_directory, service));

        var status = await _run.WaitForStatusAsync(s => InitRun.Of(s, "env").State == ServiceStates.Failed, "env failed");

        Assert.StartsWith($"cannot read environment file {missing}", InitRun.Of(status, "env").Message);
        Assert.Null(InitRun.Of(status, "env").LastExitCode);
        Assert.DoesNotContain("env: started", _run.Log());
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Supervise_RuntimeDirectory_CreatedWithOwnerAndModeBeforeTheStart()
    {
        var runtime = _directory.Combine("run", "svc", "sub");
        var service = InitRun.Service("svc", "sh", "-c", $"touch {runtime}/written && exec sleep 300") with
        {
            Uid = 65534,
            Gid = 100,
            Groups = [100],
            RuntimeDirectories = [new RuntimeDirectoryPlan { Path = runtime, Mode = "2770", Uid = 65534, Gid = 100 }],
        };
        _run = await InitRun.StartAsync(_directory, InitRun.Spec(_directory, service));

        await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");

        var status = LinuxFiles.LStat(runtime);
        Assert.Equal((65534u, 100u, 0x5f8u), (status.Uid, status.Gid, status.Permissions));
        Assert.True(SpinWait.SpinUntil(() => File.Exists(Path.Combine(runtime, "written")), 5000), _run.Describe());
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Supervise_PreAndPostCommands_RunAroundTheMainOneWithMainPid()
    {
        var steps = _directory.Combine("steps");
        var service = InitRun.Service("svc", "sh", "-c", $"echo main >> {steps}; exec sleep 300") with
        {
            Pre = [new CommandPlan { Exec = ["sh", "-c", $"echo pre >> {steps}"] }, new CommandPlan { Exec = ["false"], IgnoreFailure = true }],
            Post = [new CommandPlan { Exec = ["sh", "-c", $"echo post $MAINPID >> {steps}"] }],
        };
        _run = await InitRun.StartAsync(_directory, InitRun.Spec(_directory, service));

        var status = await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");

        // ExecStartPost runs once a simple service is spawned, not after its first instructions.
        Assert.True(SpinWait.SpinUntil(() => File.ReadAllLines(steps).Length == 3, 5000), _run.Describe());
        var lines = File.ReadAllLines(steps);
        Assert.Equal("pre", lines[0]);
        Assert.Equal(["main", $"post {InitRun.Of(status, "svc").Pid}"], lines[1..].Order(StringComparer.Ordinal));
        Assert.Contains("svc: ExecStartPre 'false' exited with code 1 (ignored)", _run.Log());
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Supervise_PreCommandFails_MainNeverStarts()
    {
        var service = InitRun.Service("svc", "sleep", "300") with
        {
            Restart = "no",
            Pre = [new CommandPlan { Exec = ["sh", "-c", "echo cannot prepare >&2; exit 5"] }],
        };
        _run = await InitRun.StartAsync(_directory, InitRun.Spec(_directory, service));

        var status = await _run.WaitForStatusAsync(s => InitRun.Of(s, "svc").State == ServiceStates.Failed, "svc failed");

        Assert.Equal("ExecStartPre 'sh -c echo cannot prepare >&2; exit 5' exited with code 5", InitRun.Of(status, "svc").Message);
        Assert.Contains("err cannot prepare", _run.Log("svc"));
        Assert.DoesNotContain("svc: started", _run.Log());
        Assert.Equal(0, await _run.StopAsync());
    }

    public void Dispose()
    {
        _run?.Dispose();
        _directory.Dispose();
    }
}
