using System.Text.Json;
using Hoist.Init.Status;
using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Status;

public sealed class StatusBoardTests : IDisposable
{
    private readonly TempDirectory _directory = new("init-status");
    private readonly ManualTimeProvider _time = new();

    private StatusBoard Board() => new(new InitSpec
    {
        App = "shop",
        StatusFile = _directory.Combine("status.json"),
        Services = [new ServicePlan { Name = "db" }, new ServicePlan { Name = "web" }],
    }, _time);

    private InitStatus Written() =>
        JsonSerializer.Deserialize(File.ReadAllBytes(_directory.Combine("status.json")), SupervisionJson.Default.InitStatus)!;

    [Fact]
    public void Update_EveryChange_RewritesTheFileWithoutTempFilesLeft()
    {
        var board = Board();

        board.Update(0, s => s with { State = ServiceStates.Ready, Pid = 12 });

        var written = Written();
        Assert.Equal(("shop", AppStates.Starting), (written.App, written.State));
        Assert.Equal((ServiceStates.Ready, (int?)12), (written.Services[0].State, written.Services[0].Pid));
        Assert.Equal(["status.json"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Update_SameState_KeepsSince()
    {
        var board = Board();
        board.Update(0, s => s with { State = ServiceStates.Starting });
        var since = board.Get(0).Since;
        _time.AdvanceSeconds(5);

        board.Update(0, s => s with { Pid = 7 });
        var unchanged = board.Get(0).Since;
        board.Update(0, s => s with { State = ServiceStates.Ready });

        Assert.Equal(since, unchanged);
        Assert.Equal(since.AddSeconds(5), board.Get(0).Since);
    }

    [Fact]
    public void SetPhase_ServiceCrashLooping_AppDegradedWithItsMessage()
    {
        var board = Board();
        board.Update(0, s => s with { State = ServiceStates.Ready });
        board.Update(1, s => s with { State = ServiceStates.CrashLooping, Message = "crash-looping: 5 failures in 60 s" });

        board.SetPhase(SupervisorPhase.Supervising);

        Assert.Equal((AppStates.Degraded, "web: crash-looping: 5 failures in 60 s"), (Written().State, Written().Message));
    }

    [Fact]
    public void SetPhase_Stopped_AppStopped()
    {
        var board = Board();

        board.SetPhase(SupervisorPhase.Stopped);

        Assert.Equal(AppStates.Stopped, Written().State);
        Assert.Equal(_time.GetUtcNow(), Written().Updated);
    }

    public void Dispose() => _directory.Dispose();
}
