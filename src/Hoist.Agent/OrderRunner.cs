using System.Collections.Concurrent;
using System.Diagnostics;
using Hoist.Agent.Orders;
using Hoist.Core.Errors;
using Hoist.Fabric.Api;

namespace Hoist.Agent;

/// <summary>
/// Carries out orders: each at most once (the journal keeps results, a repeated order gets its kept
/// result), orders about one app one after the other, orders about different apps side by side. The
/// result is kept before it is reported, and reported until the controller takes it.
/// </summary>
internal sealed class OrderRunner
{
    private readonly AgentContext _agent;
    private readonly OrderJournal _journal;
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _subjects = new(StringComparer.Ordinal);

    public OrderRunner(AgentContext agent)
    {
        _agent = agent;
        _journal = new OrderJournal(agent.Options.JournalDirectory);
        _journal.Sweep();
    }

    /// <summary>Starts each order not running already; returns at once.</summary>
    public void Accept(IEnumerable<Order> orders, CancellationToken cancellationToken)
    {
        foreach (var order in orders)
        {
            if (_running.ContainsKey(order.Id))
            {
                continue;
            }

            _running[order.Id] = Task.Run(() => RunAsync(order, cancellationToken), CancellationToken.None);
        }
    }

    /// <summary>Waits for the orders that are running (at shutdown).</summary>
    public Task DrainAsync() => Task.WhenAll(_running.Values);

    private async Task RunAsync(Order order, CancellationToken cancellationToken)
    {
        try
        {
            var result = _journal.Find(order.Id);
            if (result is null)
            {
                var subject = _subjects.GetOrAdd(order.App ?? "\0host", _ => new SemaphoreSlim(1, 1));
                await subject.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    result = _journal.Find(order.Id) ?? await CarryOutAsync(order, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    subject.Release();
                }

                _journal.Keep(order.Id, result);
            }

            await ReportAsync(order, result, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _running.TryRemove(order.Id, out _);
        }
    }

    private async Task<OrderResult> CarryOutAsync(Order order, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var what = $"order {order.Id} {order.Kind}{(order.App is null ? string.Empty : " " + order.App)}";
        _agent.Say($"{what}...");
        try
        {
            await Failpoints.PauseAsync(_agent, "order:" + order.Kind, cancellationToken).ConfigureAwait(false);
            var result = order.Kind switch
            {
                OrderKinds.Install => await AppOrders.InstallAsync(_agent, order, cancellationToken).ConfigureAwait(false),
                OrderKinds.Start => await AppOrders.StartAsync(_agent, order, cancellationToken).ConfigureAwait(false),
                OrderKinds.Stop => await AppOrders.StopAsync(_agent, order, cancellationToken).ConfigureAwait(false),
                OrderKinds.Remove => await AppOrders.RemoveAsync(_agent, order, cancellationToken).ConfigureAwait(false),
                OrderKinds.Thaw => await AppOrders.ThawAsync(_agent, order, cancellationToken).ConfigureAwait(false),
                OrderKinds.StatePush => await StateOrders.PushAsync(_agent, order, cancellationToken).ConfigureAwait(false),
                OrderKinds.StateFinal => await StateOrders.FinalAsync(_agent, order, cancellationToken).ConfigureAwait(false),
                OrderKinds.StatePull => await StateOrders.PullAsync(_agent, order, cancellationToken).ConfigureAwait(false),
                OrderKinds.Reimage => await HostOrders.ReimageAsync(_agent, order, cancellationToken).ConfigureAwait(false),
                _ => throw HoistException.InvalidArgument($"order kind '{order.Kind}' is unknown to this agent", "are the controller and the agent the same version?"),
            };
            _agent.Say($"{what}: done in {clock.Elapsed.TotalSeconds:0.00} s{Summary(result)}");
            return result;
        }
        catch (HoistException e)
        {
            _agent.Say($"{what}: failed: {e.Message}");
            return new OrderResult { Ok = false, Error = e.Message, ErrorKind = e.Kind.ToString() };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            _agent.Say($"{what}: failed: {e.GetType().Name}: {e.Message}");
            return new OrderResult { Ok = false, Error = $"{e.GetType().Name}: {e.Message}", ErrorKind = "Internal" };
        }
    }

    private static string Summary(OrderResult result) =>
        result.Recipe is null ? string.Empty : $" ({result.Files} entries, {result.ChangedFiles} changed, {result.BytesSent} bytes sent, {result.BytesFetched} fetched)";

    // The controller may be away (restarting, the network cut): the result is kept; try until it takes it.
    private async Task ReportAsync(Order order, OrderResult result, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(TimeSpan.FromSeconds(10));
                var sent = result with { PortsInUse = HostFactsReader.ListeningPorts() };
                await _agent.Client.ReportAsync(_agent.Options.Name, order.Id, sent, deadline.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is HoistException { Kind: ErrorKind.Unavailable } || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
            catch (HoistException e) when (e.Kind == ErrorKind.NotFound)
            {
                // The controller forgot the order (its database was replaced): nothing to report to.
                return;
            }
        }
    }
}
