using System.Globalization;
using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class NotifyTests : IDisposable
{
    private readonly TempDirectory _directory = new("init");
    private InitRun? _run;

    [Fact]
    public async Task Supervise_Notify_ReadyOnlyOnReadyDatagram()
    {
        var spec = InitRun.Spec(_directory,
            InitRun.Service("notifier", "sh", "-c", $"sleep 0.5; {Scripts.Notify} READY=1 STATUS=up; exec sleep 300") with { Type = "notify" },
            InitRun.Service("after", "sleep", "300"));
        _run = await InitRun.StartAsync(_directory, spec);

        var starting = await _run.WaitForStatusAsync(s => InitRun.Of(s, "notifier").Pid is not null, "notifier spawned");
        Assert.Equal(ServiceStates.Starting, InitRun.Of(starting, "notifier").State);
        Assert.Equal(ServiceStates.Pending, InitRun.Of(starting, "after").State);
        await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");

        Assert.InRange(Scripts.ReadyMilliseconds(await _run.WaitForLogAsync("hoist-init", "notifier: ready in "), "notifier"), 450, 5000);
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Supervise_NotifyWithMainPid_TracksThatProcess()
    {
        var spec = InitRun.Spec(_directory,
            InitRun.Service("notifier", "sh", "-c", $"sleep 300 & echo $! > {_directory.Combine("main.pid")}; {Scripts.Notify} READY=1 MAINPID=$!") with { Type = "notify" });
        _run = await InitRun.StartAsync(_directory, spec);

        var status = await _run.WaitForStatusAsync(s => s.State == AppStates.Running, "state running");

        var main = int.Parse(File.ReadAllText(_directory.Combine("main.pid")).Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(main, InitRun.Of(status, "notifier").Pid);
        await Task.Delay(300);
        Assert.Equal(ServiceStates.Ready, InitRun.Of(_run.Status()!, "notifier").State);
        Assert.Equal(0, await _run.StopAsync());
        Assert.True(await ProcFiles.GoneAsync(main), "the main process outlived the stop");
    }

    public void Dispose()
    {
        _run?.Dispose();
        _directory.Dispose();
    }
}
