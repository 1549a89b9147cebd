using Hoist.Controller.Model;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Orders;

/// <summary>
/// Orders to the agents (docs/fabric.md, Orders): queued per host, delivered at each poll until their
/// result is reported, finished once. Every method must be called under the fabric's lock; an order's
/// <see cref="OrderEntry.Finished"/> task is what its sender awaits (outside the lock).
/// </summary>
internal sealed class OrderBook
{
    private static readonly TimeSpan KeepFinished = TimeSpan.FromMinutes(10);

    private readonly FabricState _state;
    private readonly TimeProvider _time;

    /// <summary>Finished orders, in the order they finished: eviction reads from the front.</summary>
    private readonly Queue<OrderEntry> _finished = new();

    public OrderBook(FabricState state, ControllerOptions options)
    {
        _state = state;
        _time = options.Time;
    }

    /// <summary>Queues <paramref name="body"/> (its id is assigned here) and wakes the host's long poll.</summary>
    public OrderEntry Queue(HostEntry host, Order body)
    {
        var record = new OrderRecord { Host = host.Name, Body = body with { Id = ++_state.LastOrderId }, Created = _time.GetUtcNow() };
        var order = new OrderEntry(record);
        _state.Orders.Add(order.Id, order);
        host.Pending.Add(order);
        _ = _state.Save(order, record);
        host.Orders.Pulse();
        return order;
    }

    /// <summary>The host's pending orders above <paramref name="after"/>, oldest first, marking those
    /// delivered for the first time.</summary>
    public IReadOnlyList<Order> Deliver(HostEntry host, long after)
    {
        var now = _time.GetUtcNow();
        var orders = new List<Order>();
        foreach (var order in host.Pending.Where(o => o.Id > after))
        {
            if (order.Record.Delivered is null)
            {
                _ = _state.Save(order, order.Record with { Delivered = now });
            }

            orders.Add(order.Record.Body);
        }

        return orders;
    }

    /// <summary>Records a pending order's result; false when it was finished already (a repeated report).</summary>
    public bool Complete(HostEntry host, OrderEntry order, OrderResult result)
    {
        if (!order.Record.IsPending)
        {
            return false;
        }

        host.Pending.Remove(order);
        _ = _state.Save(order, order.Record with
        {
            State = result.Ok ? OrderStates.Done : OrderStates.Failed,
            Result = result,
            Finished = _time.GetUtcNow(),
        });
        _finished.Enqueue(order);
        return true;
    }

    /// <summary>Stops delivering an order; a late result of it is ignored.</summary>
    public void Cancel(OrderEntry order)
    {
        if (order.Record.IsPending && _state.Hosts.TryGetValue(order.Record.Host, out var host))
        {
            host.Pending.Remove(order);
            _ = _state.Save(order, order.Record with { State = OrderStates.Cancelled, Finished = _time.GetUtcNow() });
            _finished.Enqueue(order);
        }
    }

    /// <summary>A pending order of <paramref name="kind"/> for <paramref name="app"/> on the host, or null.</summary>
    public OrderEntry? PendingFor(HostEntry host, string kind, string app) =>
        host.Pending.FirstOrDefault(o => o.Record.Body.Kind == kind && o.Record.Body.App == app);

    /// <summary>Forgets orders finished more than ten minutes ago that no migration or upgrade refers to (a
    /// late repeated report of one is still ignored: its id is below the last). Costs the orders it forgets.</summary>
    public void Evict(Func<IReadOnlySet<long>> kept)
    {
        var before = _time.GetUtcNow() - KeepFinished;
        IReadOnlySet<long>? keep = null;
        while (_finished.TryPeek(out var order) && order.Record.Finished < before)
        {
            _finished.Dequeue();
            keep ??= kept();
            if (!keep.Contains(order.Id))
            {
                _state.Orders.Remove(order.Id);
            }
        }
    }
}
