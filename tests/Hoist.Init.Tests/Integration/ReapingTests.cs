using System.Globalization;
using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class ReapingTests : IDisposable
{
    // Until setsid ran, the child is still in the service's process group, which goes when the service
    // ends: wait until its session (the sixth field of /proc/PID/stat) is its own.
    private const string WaitForOwnSession = "while [ \"$(cut -d' ' -f6 /proc/$!/stat)\" != $! ]; do sleep 0.01; done";

    private readonly TempDirectory _directory = new("init");
    private InitRun? _run;

    [Fact]
    public async Task Supervise_ServiceLeavesAnOrphan_ItIsAdoptedAndReaped()
    {
        var orphanPid = _directory.Combine("orphan.pid");
        var spec = InitRun.Spec(_directory,
            InitRun.Service("parent", "sh", "-c", $"setsid sleep 1 & {WaitForOwnSession}; echo $! > {orphanPid}; exit 0") with { Restart = "no" });
        _run = await InitRun.StartAsync(_directory, spec);

        await _run.WaitForStatusAsync(s => InitRun.Of(s, "parent").State == ServiceStates.Exited, "parent exited");

        var orphan = int.Parse(File.ReadAllText(orphanPid).Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(_run.Pid, ProcFiles.Stat(orphan)?.Parent);
        Assert.True(await ProcFiles.GoneAsync(orphan, 5), $"the orphan {orphan} was not reaped: {ProcFiles.Stat(orphan)}");
        Assert.Empty(ProcFiles.Children(_run.Pid));
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Stop_OrphanThatEscapedItsGroup_IsStoppedWithTheApp()
    {
        var orphanPid = _directory.Combine("orphan.pid");
        var spec = InitRun.Spec(_directory,
            InitRun.Service("parent", "sh", "-c", $"setsid sleep 300 & {WaitForOwnSession}; echo $! > {orphanPid}; exit 0") with { Restart = "no" });
        _run = await InitRun.StartAsync(_directory, spec);
        await _run.WaitForStatusAsync(s => InitRun.Of(s, "parent").State == ServiceStates.Exited, "parent exited");
        var orphan = int.Parse(File.ReadAllText(orphanPid).Trim(), CultureInfo.InvariantCulture);

        Assert.Equal(0, await _run.StopAsync());

        Assert.True(await ProcFiles.GoneAsync(orphan, 5), "the orphan outlived hoist-init");
        Assert.Contains("hoist-init: stopped 1 processes that had left their services", _run.Log());
    }

    [Fact]
    public async Task Supervise_StartedWithSigChldIgnored_StillSeesHowServicesEnd()
    {
        var spec = InitRun.Spec(_directory, InitRun.Service("x", "sh", "-c", "exit 3") with { Restart = "no" });
        _run = await InitRun.StartAsync(_directory, spec, InitRun.Launch.SigChldIgnored);

        var status = await _run.WaitForStatusAsync(s => InitRun.Of(s, "x").State == ServiceStates.Failed, "x failed");

        Assert.Equal(3, InitRun.Of(status, "x").LastExitCode);
        Assert.Equal(0, await _run.StopAsync(seconds: 5));
    }

    public void Dispose()
    {
        _run?.Dispose();
        _directory.Dispose();
    }
}
