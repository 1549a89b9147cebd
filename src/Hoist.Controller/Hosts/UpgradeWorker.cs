using System.Collections.Concurrent;
using Hoist.Controller.Events;
using Hoist.Controller.Model;
using Hoist.Controller.Orders;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Hosts;

/// <summary>
/// Carries host upgrades through (hoist host upgrade): once the host is drained, a host.reimage order with
/// the image; once the agent reports it done, the host is ready again. A drain that leaves apps behind, or
/// a reimage that fails, ends the upgrade with the host's problem saying why (the host stays out of
/// placement until resumed). Resumes the upgrades a previous controller left.
/// </summary>
internal sealed class UpgradeWorker : BackgroundService
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Task> _runs = new(StringComparer.Ordinal);
    private readonly FabricState _state;
    private readonly OrderBook _orders;
    private readonly EventLog _events;
    private readonly ILogger _log;

    public UpgradeWorker(FabricState state, OrderBook orders, EventLog events, ILogger<UpgradeWorker> log)
    {
        _state = state;
        _orders = orders;
        _events = events;
        _log = log;
    }

    /// <summary>Carries the host's upgrade through in the background, unless it is carried already.</summary>
    public void Launch(string host)
    {
        if (_runs.ContainsKey(host))
        {
            return;
        }

        _runs[host] = Task.Run(async () =>
        {
            try
            {
                await RunAsync(host, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                _log.LogError(e, "the upgrade of {Host} failed", host);
            }
            finally
            {
                _runs.TryRemove(host, out _);
            }
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (_state.Gate)
        {
            foreach (var host in _state.Hosts.Values.Where(h => h.Record.UpgradeImage is not null))
            {
                Launch(host.Name);
            }
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_runs.Values).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }

    private async Task RunAsync(string name, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_state.Gate)
            {
                var host = _state.Hosts[name];
                var record = host.Record;
                if (record.UpgradeImage is not { } image)
                {
                    return;
                }

                switch (record.State)
                {
                    case HostStates.Ready:
                        End(host, $"upgrade to {image} abandoned: the host was resumed before it was drained");
                        return;
                    case HostStates.Draining when record.Problem is not null:
                        End(host, $"upgrade to {image} stopped: {record.Problem}");
                        return;
                    case HostStates.Drained:
                        var item = _state.Library.Find(LibraryKinds.Image, image, null);
                        if (item is null)
                        {
                            End(host, $"upgrade to {image} stopped: the image left the library");
                            return;
                        }

                        var order = _orders.Queue(host, new Order { Kind = OrderKinds.Reimage, Image = image, Recipe = item.Recipe });
                        _ = _state.Save(host, record with { State = HostStates.Upgrading, UpgradeOrder = order.Id });
                        _events.Add(EventKinds.HostUpgrading, name, $"{name}: drained; reimaging to {image} (order {order.Id})");
                        continue;
                    case HostStates.Upgrading:
                        if (record.UpgradeOrder is not { } id || !_state.Orders.TryGetValue(id, out var reimage))
                        {
                            _ = _state.Save(host, record with { State = HostStates.Drained, UpgradeOrder = null });
                            continue;
                        }

                        if (!reimage.Record.IsPending)
                        {
                            if (reimage.Record.State == OrderStates.Done)
                            {
                                _ = _state.Save(host, record with { State = HostStates.Ready, UpgradeImage = null, UpgradeOrder = null, Problem = null });
                                _events.Add(EventKinds.HostUpgraded, name, $"{name} runs {image}; it takes apps again");
                            }
                            else
                            {
                                _ = _state.Save(host, record with { State = HostStates.Drained, UpgradeImage = null, UpgradeOrder = null, Problem = $"reimage to {image} failed: {reimage.Record.Result?.Error}" });
                                _events.Add(EventKinds.HostUpgradeFailed, name, $"{name}: reimage to {image} failed: {reimage.Record.Result?.Error}");
                            }

                            return;
                        }

                        next = reimage.Finished;
                        break;
                    default:
                        next = host.Changed.Next;
                        break;
                }
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void End(HostEntry host, string problem)
    {
        _ = _state.Save(host, host.Record with { UpgradeImage = null, Problem = problem });
        _events.Add(EventKinds.HostUpgradeFailed, host.Name, $"{host.Name}: {problem}");
    }
}
