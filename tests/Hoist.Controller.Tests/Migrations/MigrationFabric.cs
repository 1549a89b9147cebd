using Hoist.Controller.Tests.Testing;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Migrations;

/// <summary>A controller, two fake agents (h1, h2) and redis running on h1: where every migration test starts.</summary>
internal sealed class MigrationFabric : IAsyncDisposable
{
    private MigrationFabric(TestController controller, FakeAgent source, FakeAgent target)
    {
        Controller = controller;
        Source = source;
        Target = target;
    }

    public TestController Controller { get; }

    public FakeAgent Source { get; }

    public FakeAgent Target { get; }

    /// <summary>With a short offline delay (600 ms; the agents heartbeat every 50 ms) and order timeout
    /// (1.5 s): silence is seen within two seconds.</summary>
    public static async Task<MigrationFabric> StartAsync()
    {
        var controller = await TestController.StartAsync(o => o with { OfflineAfter = TimeSpan.FromMilliseconds(600), OrderTimeout = TimeSpan.FromSeconds(1.5) });
        var agents = new List<FakeAgent>();
        try
        {
            agents.Add(await FakeAgent.StartAsync(controller, "h1", TestFacts.Bookworm()));
            agents.Add(await FakeAgent.StartAsync(controller, "h2", TestFacts.Bookworm()));
            await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());
            await Eventually.WaitAsync(() => controller.Client.HostsAsync(default), hosts => hosts.All(h => h.State == HostStates.Ready), "both hosts ready");
            await controller.Client.DeployAsync(new DeployRequest { Package = "redis", Host = "h1" }, default);
            await Eventually.WaitAsync(() => controller.Client.AppAsync("redis", default), a => a.Status == AppStates.Running, "redis running on h1");
            return new MigrationFabric(controller, agents[0], agents[1]);
        }
        catch
        {
            await controller.DisposeAsync(agents);
            throw;
        }
    }

    public Task<MigrationView> MigrateAsync(string mode = MigrationModes.Warm, string to = "auto") =>
        Controller.Client.MigrateAsync("redis", new MigrateRequest { Mode = mode, To = to }, default);

    public Task<MigrationView> WaitAsync(string id, string phase) =>
        Eventually.WaitAsync(() => Controller.Client.MigrationAsync(id, default), m => m.Phase == phase, $"migration {id} to be {phase}");

    /// <summary>Waits for the migration to end; returns it.</summary>
    public Task<MigrationView> EndAsync(string id) =>
        Eventually.WaitAsync(() => Controller.Client.MigrationAsync(id, default), m => m.IsFinished, $"migration {id} to end");

    public async Task<IReadOnlyList<string>> MigrationEventsAsync() =>
        (await Controller.Client.EventsAsync(0, 1000, default)).Where(e => e.Kind.StartsWith("migration.", StringComparison.Ordinal)).Select(e => e.Kind).ToList();

    public static IReadOnlyList<string> Kinds(FakeAgent agent) => agent.Received.Select(o => o.Kind).ToList();

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        await Target.DisposeAsync();
        await Controller.DisposeAsync();
    }
}
