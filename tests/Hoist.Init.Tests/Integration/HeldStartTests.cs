using System.Globalization;
using Hoist.Init.Interop;
using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Integration;

/// <summary>A standing-by hoist-init spawns the services SIGUSR1 starts at once ahead, held before their
/// execve; SIGUSR1 releases them.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class HeldStartTests : IDisposable
{
    private const int SigUsr1 = 10;
    private const int SigKill = 9;
    private const string Held = "hoist-init exec";

    private readonly TempDirectory _directory = new("init");
    private InitRun? _run;

    [Fact]
    public async Task Standby_FirstServices_SpawnedAheadAndReleasedAsTheirOwnStart()
    {
        var marker = _directory.Combine("ran");
        var spec = InitRun.Spec(_directory,
            InitRun.Service("first", "sh", "-c", $"echo first >> {marker}; echo first is $$$$; exec sleep 300"),
            InitRun.Service("second", "sh", "-c", $"echo second >> {marker}; echo second is $$$$") with { Type = "oneshot", Restart = "no" },
            InitRun.Service("third", "sh", "-c", $"echo third >> {marker}; exec sleep 300"));
        _run = await InitRun.StartAsync(_directory, spec, standby: true);
        var first = await HeldPidAsync("first");
        var second = await HeldPidAsync("second");
        await _run.WaitForStatusAsync(s => s.State == AppStates.Standby, "state standby");
        await Task.Delay(300);

        // Held: exec mode did its steps and waits before the execve; the third comes after a oneshot, so
        // it is left to its start.
        Assert.Equal((Held, Held), (ProcFiles.CommandLine(first), ProcFiles.CommandLine(second)));
        // In the gate (Native/gate.c): hoist-init exec'd again, without the runtime's threads.
        await InGateAsync(first);
        await InGateAsync(second);
        Assert.Equal((_run.Pid, _run.Pid), (ProcFiles.Stat(first)?.Parent, ProcFiles.Stat(second)?.Parent));
        Assert.DoesNotContain("third: spawned ahead", _run.Log());
        Assert.False(File.Exists(marker), "a service ran before SIGUSR1");
        Assert.All(_run.Status()!.Services, s => Assert.Equal((ServiceStates.Pending, (int?)null), (s.State, s.Pid)));

        var signalled = DateTimeOffset.UtcNow;
        _run.Signal(SigUsr1);
        var running = await _run.WaitForStatusAsync(
            s => s.State == AppStates.Running && InitRun.Of(s, "second").State == ServiceStates.Exited, "state running, second exited");

        Assert.Equal((ServiceStates.Ready, first), (InitRun.Of(running, "first").State, InitRun.Of(running, "first").Pid));
        await CommandLineAsync(first, "sleep 300");
        Assert.Contains($"out first is {first}\n", await _run.WaitForLogAsync("first", $"first is {first}"));
        Assert.Contains($"out second is {second}\n", await _run.WaitForLogAsync("second", $"second is {second}"));
        var log = _run.Log();
        Assert.Contains($"first: started, pid {first}\n", log);
        Assert.Contains($"second: started, pid {second}\n", log);
        var third = InitRun.Of(running, "third").Pid;
        Assert.Equal(Scripts.StartedPid(log, "third"), third);
        Assert.DoesNotContain(third, new int?[] { first, second });
        Assert.True(running.Started >= signalled, $"the start time {running.Started:O} is before SIGUSR1 ({signalled:O})");
        Assert.All(running.Services, s => Assert.True(s.Since >= signalled, $"{s.Name} is {s.State} since {s.Since:O}, before SIGUSR1 ({signalled:O})"));
        Assert.All(running.Services, s => Assert.Equal(0, s.Restarts));
        await CommandLineAsync(third!.Value, "sleep 300");
        Assert.Equal(["first", "second", "third"], File.ReadAllLines(marker).Order(StringComparer.Ordinal));
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Standby_SigTerm_HeldProcessesGoneBeforeHoistInitExits()
    {
        var spec = InitRun.Spec(_directory, InitRun.Service("a", "sleep", "300"), InitRun.Service("b", "sleep", "300"));
        _run = await InitRun.StartAsync(_directory, spec, standby: true);
        var held = new[] { await HeldPidAsync("a"), await HeldPidAsync("b") };
        await _run.WaitForStatusAsync(s => s.State == AppStates.Standby, "state standby");
        Assert.All(held, pid => Assert.Equal(Held, ProcFiles.CommandLine(pid)));

        Assert.Equal(0, await _run.StopAsync());

        // Not merely killed: reaped by hoist-init before it exited.
        Assert.All(held, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"held process {pid} is still there: {ProcFiles.Stat(pid)}"));
        Assert.Empty(_run.Leftovers());
        Assert.Contains("SIGTERM in standby: nothing was started", _run.Log());
        Assert.Equal(AppStates.Stopped, _run.Status()!.State);
        Assert.Equal((string.Empty, string.Empty), (_run.Log("a"), _run.Log("b")));
    }

    [Fact]
    public async Task Standby_HeldProcessKilled_ServiceStartsAtSigUsr1AllTheSame()
    {
        var spec = InitRun.Spec(_directory, InitRun.Service("a", "sh", "-c", "echo running as $$$$; exec sleep 300"));
        _run = await InitRun.StartAsync(_directory, spec, standby: true);
        var held = await HeldPidAsync("a");
        await _run.WaitForStatusAsync(s => s.State == AppStates.Standby, "state standby");
        Assert.Equal(0, LibC.Kill(held, SigKill));
        Assert.True(await ProcFiles.GoneAsync(held), $"the held process {held} was not reaped");

        _run.Signal(SigUsr1);
        var running = await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");

        var pid = InitRun.Of(running, "a").Pid!.Value;
        Assert.NotEqual(held, pid);
        await _run.WaitForLogAsync("a", $"running as {pid}");
        await CommandLineAsync(pid, "sleep 300");
        var log = _run.Log();
        Assert.Contains($"a: pid {held}, spawned ahead, is not used (it ended while held); the start spawns it", log);
        Assert.Equal(pid, Scripts.StartedPid(log, "a"));
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Standby_ServiceWithPreCommand_NotSpawnedAheadAndStartsAtSigUsr1()
    {
        var steps = _directory.Combine("steps");
        var spec = InitRun.Spec(_directory,
            InitRun.Service("a", "sh", "-c", $"echo main >> {steps}; exec sleep 300") with
            {
                Pre = [new CommandPlan { Exec = ["sh", "-c", $"echo pre >> {steps}"] }],
            },
            InitRun.Service("b", "sleep", "300"));
        _run = await InitRun.StartAsync(_directory, spec, standby: true);
        await _run.WaitForStatusAsync(s => s.State == AppStates.Standby, "state standby");
        await Task.Delay(300);

        // Neither a nor b, which starts after a.
        Assert.DoesNotContain("spawned ahead", _run.Log());
        Assert.Empty(ProcFiles.Children(_run.Pid));

        _run.Signal(SigUsr1);
        var running = await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");

        for (var i = 0; i < 500 && !(File.Exists(steps) && File.ReadAllLines(steps).Length == 2); i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(["pre", "main"], File.ReadAllLines(steps));
        var log = _run.Log();
        Assert.Equal(Scripts.StartedPid(log, "a"), InitRun.Of(running, "a").Pid);
        Assert.Equal(Scripts.StartedPid(log, "b"), InitRun.Of(running, "b").Pid);
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Standby_EnvironmentFileChangedWhileHeld_StartsWithTheNewValues()
    {
        var file = _directory.Combine("greeting.env");
        File.WriteAllText(file, "GREETING=old\n");
        var spec = InitRun.Spec(_directory,
            InitRun.Service("a", "sh", "-c", "echo greeting $GREETING; exec sleep 300") with { EnvironmentFiles = [file] });
        _run = await InitRun.StartAsync(_directory, spec, standby: true);
        var held = await HeldPidAsync("a");
        await _run.WaitForStatusAsync(s => s.State == AppStates.Standby, "state standby");

        File.WriteAllText(file, "GREETING=new\n");
        _run.Signal(SigUsr1);
        var running = await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");

        var pid = InitRun.Of(running, "a").Pid!.Value;
        Assert.NotEqual(held, pid);
        Assert.Contains("out greeting new\n", await _run.WaitForLogAsync("a", "greeting new"));
        Assert.DoesNotContain("greeting old", _run.Log("a"));
        Assert.Contains($"a: pid {held}, spawned ahead, is not used (its environment changed while it was held)", _run.Log());
        Assert.True(await ProcFiles.GoneAsync(held), $"the held process {held} is still there");
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Standby_WorkingDirectoryMadeAgainWhileHeld_ServiceRunsInTheNewOne()
    {
        var work = _directory.Combine("work");
        Directory.CreateDirectory(work);
        var spec = InitRun.Spec(_directory, InitRun.Service("a", "sh", "-c", "cat here; exec sleep 300") with { WorkingDirectory = work });
        _run = await InitRun.StartAsync(_directory, spec, standby: true);
        var held = await HeldPidAsync("a");
        await _run.WaitForStatusAsync(s => s.State == AppStates.Standby, "state standby");
        await Task.Delay(300);

        Directory.Delete(work);
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "here"), "the new directory\n");
        _run.Signal(SigUsr1);

        Assert.Equal(held, InitRun.Of(await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running"), "a").Pid);
        Assert.Contains("out the new directory\n", await _run.WaitForLogAsync("a", "the new directory"));
        Assert.Equal(0, await _run.StopAsync());
    }

    /// <summary>Waits until <paramref name="pid"/> runs <paramref name="expected"/> (a service's shell execs
    /// its last command after its first lines); fails when it does not within 10 s.</summary>
    private static async Task CommandLineAsync(int pid, string expected)
    {
        for (var i = 0; i < 500 && ProcFiles.CommandLine(pid) != expected; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(expected, ProcFiles.CommandLine(pid));
    }

    /// <summary>Waits until <paramref name="pid"/> waits in the gate, of one thread; fails when it does not
    /// within 10 s.</summary>
    private static async Task InGateAsync(int pid)
    {
        for (var i = 0; i < 500 && ProcFiles.TryRead($"/proc/{pid}/environ")?.StartsWith("HOIST_EXEC_GATE=", StringComparison.Ordinal) != true; i++)
        {
            await Task.Delay(20);
        }

        Assert.StartsWith("HOIST_EXEC_GATE=", ProcFiles.TryRead($"/proc/{pid}/environ"));
        Assert.Contains("\nThreads:\t1\n", ProcFiles.TryRead($"/proc/{pid}/status"));
    }

    /// <summary>The pid in "NAME: spawned ahead, pid N, held until the start" of hoist-init's log.</summary>
    private async Task<int> HeldPidAsync(string service)
    {
        var marker = $"{service}: spawned ahead, pid ";
        var log = await _run!.WaitForLogAsync("hoist-init", marker);
        var line = log.Split('\n').First(l => l.Contains(marker, StringComparison.Ordinal));
        return int.Parse(line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Split(',')[0], CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _run?.Dispose();
        _directory.Dispose();
    }
}
