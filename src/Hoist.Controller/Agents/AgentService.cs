using Hoist.Controller.Events;
using Hoist.Controller.Model;
using Hoist.Controller.Orders;
using Hoist.Core.Errors;
using Hoist.Core.Text;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Agents;

/// <summary>The agents' side of the API: registration, heartbeats, the orders long poll and results.</summary>
internal sealed class AgentService
{
    private readonly FabricState _state;
    private readonly OrderBook _orders;
    private readonly AppReports _reports;
    private readonly Reconciler _reconciler;
    private readonly OrderEffects _effects;
    private readonly EventLog _events;
    private readonly ControllerOptions _options;

    public AgentService(FabricState state, OrderBook orders, AppReports reports, Reconciler reconciler, OrderEffects effects, EventLog events, ControllerOptions options)
    {
        _state = state;
        _orders = orders;
        _reports = reports;
        _reconciler = reconciler;
        _effects = effects;
        _events = events;
        _options = options;
    }

    /// <summary>Adds the host or updates it, back online, and reconciles the apps it reports. Throws
    /// <see cref="ErrorKind.InvalidArgument"/> for a bad name or one that differs from the route's.</summary>
    public async Task<HostView> RegisterAsync(string name, AgentRegistration registration, CancellationToken cancellationToken)
    {
        Names.Validate(name, "host name");
        if (registration.Name != name)
        {
            throw HoistException.InvalidArgument($"the registration names host '{registration.Name}' but was sent for '{name}'");
        }

        Task saved;
        HostView view;
        lock (_state.Gate)
        {
            var now = _options.Time.GetUtcNow();
            if (!_state.Hosts.TryGetValue(name, out var host))
            {
                var record = new HostRecord
                {
                    Name = name, Address = registration.Address, State = HostStates.Ready, Facts = registration.Facts,
                    AgentVersion = registration.AgentVersion, Registered = now, LastSeen = now,
                };
                host = new HostEntry(record, now);
                _state.AddHost(host);
                saved = _state.Save(host, record);
                _events.Add(EventKinds.HostRegistered, name, $"{name} registered: {registration.Facts.Os}, {registration.Facts.Cpus} CPUs, {registration.Facts.MemoryBytes >> 20} MiB, agent {registration.AgentVersion}");
            }
            else
            {
                var wasOffline = host.Record.Offline;
                saved = _state.Save(host, host.Record with
                {
                    Address = registration.Address, Facts = registration.Facts, AgentVersion = registration.AgentVersion, Offline = false, LastSeen = now,
                });
                _events.Add(EventKinds.HostRegistered, name, $"{name} registered again with {registration.Apps.Count} apps");
                if (wasOffline)
                {
                    _events.Add(EventKinds.HostBack, name, $"{name} is back");
                }
            }

            host.LastSeen = now;
            _reconciler.Reconcile(host, registration.Apps);
            view = Views.Host(host);
        }

        await saved.WaitAsync(cancellationToken).ConfigureAwait(false);
        return view;
    }

    /// <summary>Notes the host alive, its facts and its apps' states; Known=false for a host the controller
    /// does not know (the agent registers again).</summary>
    public HeartbeatReply Heartbeat(string name, AgentHeartbeat heartbeat)
    {
        lock (_state.Gate)
        {
            if (!_state.Hosts.TryGetValue(name, out var host))
            {
                return new HeartbeatReply { Known = false };
            }

            var now = _options.Time.GetUtcNow();
            host.LastSeen = now;
            var record = host.Record;
            var stable = SameOs(record.Facts, heartbeat.Facts);
            if (record.Offline || !stable)
            {
                _ = _state.Save(host, record with { Facts = heartbeat.Facts, Offline = false, LastSeen = now });
                if (record.Offline)
                {
                    _events.Add(EventKinds.HostBack, name, $"{name} is back");
                }
            }
            else
            {
                // Free memory, disk and ports change every second: kept in memory, not written.
                host.Record = record with { Facts = heartbeat.Facts };
            }

            foreach (var report in heartbeat.Apps)
            {
                _reports.Apply(host, report);
            }

            return new HeartbeatReply { Known = true };
        }
    }

    /// <summary>The host's orders not yet reported whose id is above <paramref name="after"/>, oldest first:
    /// at once when there are any, else as soon as one is queued, else none after <paramref name="wait"/>
    /// (or when the controller stops). Throws <see cref="ErrorKind.NotFound"/> for a host that never
    /// registered.</summary>
    public async Task<IReadOnlyList<Order>> PollAsync(string name, long after, TimeSpan wait, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_state.Gate)
        {
            var host = Host(name);
            if (host.Pending.Count > 0 && host.Pending[^1].Id > after)
            {
                return _orders.Deliver(host, after);
            }

            signal = host.Orders.Next;
            host.Polling++;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(wait < _options.MaxPollWait ? wait : _options.MaxPollWait, _options.Time, timeout.Token);
            await Task.WhenAny(signal, delay).ConfigureAwait(false);
            await timeout.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_state.Gate)
            {
                Host(name).Polling--;
            }
        }

        lock (_state.Gate)
        {
            return cancellationToken.IsCancellationRequested ? [] : _orders.Deliver(Host(name), after);
        }
    }

    /// <summary>Records an order's result and applies it; a repeated report, or one of an order long
    /// finished, is ignored. Throws <see cref="ErrorKind.NotFound"/> for an order that is not the host's.</summary>
    public void Report(string name, long id, OrderResult result)
    {
        lock (_state.Gate)
        {
            var host = Host(name);
            if (!_state.Orders.TryGetValue(id, out var order))
            {
                if (id > 0 && id <= _state.LastOrderId)
                {
                    return;
                }

                throw HoistException.NotFound($"order {id} does not exist");
            }

            if (order.Record.Host != name)
            {
                throw HoistException.NotFound($"order {id} is not an order of host {name}", $"it is {order.Record.Host}'s");
            }

            if (result.PortsInUse is { } ports && !ports.SequenceEqual(host.Record.Facts.PortsInUse))
            {
                host.Record = host.Record with { Facts = host.Record.Facts with { PortsInUse = ports } };
            }

            if (_orders.Complete(host, order, result))
            {
                _effects.Apply(host, order.Record);
            }
        }
    }

    private HostEntry Host(string name) =>
        _state.Hosts.TryGetValue(name, out var host)
            ? host
            : throw HoistException.NotFound($"host '{name}' is not registered", "the agent registers first (POST /v1/agents/HOST/register)");

    private static bool SameOs(HostFacts a, HostFacts b) =>
        a.Image == b.Image && a.Os == b.Os && a.Architecture == b.Architecture && a.Glibc == b.Glibc
        && a.Cpus == b.Cpus && a.MemoryBytes == b.MemoryBytes && a.Libraries.SequenceEqual(b.Libraries);
}
