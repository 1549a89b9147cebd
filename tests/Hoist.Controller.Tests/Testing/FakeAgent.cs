using System.Collections.Concurrent;
using Hoist.Core.Errors;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Testing;

/// <summary>
/// An agent written for the tests: registers, heartbeats, long-polls for orders (after the highest id it
/// has seen, as docs/fabric.md asks) and answers each once, by <see cref="Script"/> or as a real agent
/// would on a host of its own (its apps in memory). It keeps going through a controller restart, can go
/// silent (no heartbeat, no poll) and come back with a given report of its apps.
/// </summary>
internal sealed class FakeAgent : IAsyncDisposable
{
    private readonly TestController _controller;
    private readonly ConcurrentDictionary<string, AppReport> _apps = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Order> _received = new();
    private CancellationTokenSource? _running;
    private Task _loops = Task.CompletedTask;
    private long _lastSeen;

    public FakeAgent(TestController controller, string name, HostFacts facts)
    {
        _controller = controller;
        Name = name;
        Facts = facts;
    }

    public string Name { get; }

    public HostFacts Facts { get; set; }

    /// <summary>Answers an order; null for the default. Set before the order comes.</summary>
    public Func<Order, Reply?>? Script { get; set; }

    /// <summary>What a state.push of round N sends (default 1 MiB: one round is enough).</summary>
    public Func<int, long> PushBytes { get; set; } = _ => 1L << 20;

    public long StateBytes { get; set; } = 64L << 20;

    public TimeSpan HeartbeatEvery { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Every order received, in order, each once.</summary>
    public IReadOnlyList<Order> Received => [.. _received];

    public IReadOnlyDictionary<string, AppReport> Apps => _apps;

    public static async Task<FakeAgent> StartAsync(TestController controller, string name, HostFacts facts)
    {
        var agent = new FakeAgent(controller, name, facts);
        await agent.ComeBackAsync().ConfigureAwait(false);
        return agent;
    }

    /// <summary>Stops heartbeating and polling (a crashed agent, a host cut off).</summary>
    public async Task GoSilentAsync()
    {
        if (_running is not null)
        {
            await _running.CancelAsync().ConfigureAwait(false);
            await _loops.ConfigureAwait(false);
            _running.Dispose();
            _running = null;
        }
    }

    /// <summary>Registers (with <paramref name="apps"/> as its apps, when given) and resumes its loops.</summary>
    public async Task ComeBackAsync(IEnumerable<AppReport>? apps = null)
    {
        await GoSilentAsync().ConfigureAwait(false);
        if (apps is not null)
        {
            _apps.Clear();
            foreach (var app in apps)
            {
                _apps[app.Name] = app;
            }
        }

        await RegisterAsync(CancellationToken.None).ConfigureAwait(false);
        _running = new CancellationTokenSource();
        var token = _running.Token;
        _loops = Task.WhenAll(Task.Run(() => HeartbeatLoopAsync(token)), Task.Run(() => PollLoopAsync(token)));
    }

    /// <summary>The first order received that matches, waiting for it.</summary>
    public Task<Order> WaitForAsync(Func<Order, bool> match, string what) =>
        Eventually.WaitAsync(() => Received.FirstOrDefault(match), o => o is not null, $"{Name} to receive {what}").ContinueWith(t => t.Result!, TaskScheduler.Default);

    public Task<Order> WaitForAsync(string kind, string? app = null) =>
        WaitForAsync(o => o.Kind == kind && (app is null || o.App == app), $"{kind} {app}");

    public ValueTask DisposeAsync() => new(GoSilentAsync());

    private Task RegisterAsync(CancellationToken cancellationToken) =>
        _controller.Client.RegisterAsync(new AgentRegistration { Name = Name, Facts = Facts, AgentVersion = "test", Apps = [.. _apps.Values] }, cancellationToken);

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var reply = await _controller.Client.HeartbeatAsync(Name, new AgentHeartbeat { Facts = Facts, Apps = [.. _apps.Values] }, cancellationToken).ConfigureAwait(false);
                if (!reply.Known)
                {
                    await RegisterAsync(cancellationToken).ConfigureAwait(false);
                }

                await Task.Delay(HeartbeatEvery, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HoistException or ObjectDisposedException or OperationCanceledException)
            {
                await Pause(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task PollLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var order in await _controller.Client.OrdersAsync(Name, _lastSeen, 5, cancellationToken).ConfigureAwait(false))
                {
                    if (order.Id <= _lastSeen)
                    {
                        continue;
                    }

                    _lastSeen = order.Id;
                    _received.Enqueue(order);
                    await HandleAsync(order, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HoistException or ObjectDisposedException or OperationCanceledException)
            {
                await Pause(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task HandleAsync(Order order, CancellationToken cancellationToken)
    {
        var reply = Script?.Invoke(order) ?? Reply.Default;
        if (reply.Silent)
        {
            return;
        }

        if (reply.Gate is not null)
        {
            await reply.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var result = reply.Error is not null
            ? new OrderResult { Ok = false, Error = reply.Error, ErrorKind = nameof(ErrorKind.FailedPrecondition), App = _apps.GetValueOrDefault(order.App ?? string.Empty) }
            : reply.Result ?? FakeHost.Execute(this, _apps, order);
        while (true)
        {
            try
            {
                await _controller.Client.ReportAsync(Name, order.Id, result, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is HoistException { Kind: ErrorKind.Unavailable } or ObjectDisposedException)
            {
                await Pause(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task Pause(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
