using Hoist.Controller.Events;
using Hoist.Controller.Model;
using Hoist.Controller.Orders;

namespace Hoist.Controller.Hosts;

/// <summary>Marks a host offline once it has not heartbeated for the offline delay (it is back at its next
/// heartbeat), and forgets orders long finished.</summary>
internal sealed class HostMonitor : BackgroundService
{
    private readonly FabricState _state;
    private readonly OrderBook _orders;
    private readonly EventLog _events;
    private readonly ControllerOptions _options;

    public HostMonitor(FabricState state, OrderBook orders, EventLog events, ControllerOptions options)
    {
        _state = state;
        _orders = orders;
        _events = events;
        _options = options;
    }

    /// <summary>Looks at every host once. Public for tests that drive the clock.</summary>
    public void Check()
    {
        lock (_state.Gate)
        {
            var now = _options.Time.GetUtcNow();
            foreach (var host in _state.Hosts.Values)
            {
                if (!host.Record.Offline && now - host.LastSeen >= _options.OfflineAfter)
                {
                    _ = _state.Save(host, host.Record with { Offline = true, LastSeen = host.LastSeen });
                    _events.Add(EventKinds.HostOffline, host.Name, $"{host.Name} is offline: no heartbeat for {(now - host.LastSeen).TotalSeconds:0.#} s");
                }
            }

            _orders.Evict(() => _state.Migrations.Values.Where(m => !m.Record.IsFinished).SelectMany(m => m.Record.Steps.Values)
                .Concat(_state.Hosts.Values.Where(h => h.Record.UpgradeOrder is not null).Select(h => h.Record.UpgradeOrder!.Value))
                .ToHashSet());
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(_options.OfflineAfter.Ticks / 5, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(1).Ticks));
        using var timer = new PeriodicTimer(period, _options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Check();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
