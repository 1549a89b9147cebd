using Hoist.Core.Errors;
using Hoist.Fabric.Api;
using Hoist.Fabric.Client;
using Hoist.Runtime.Hosts;

namespace Hoist.Agent;

/// <summary>
/// The agent of one host (docs/fabric.md): sets up the host (its OS image fetched from the controller's
/// library when missing), registers it, heartbeats every second with its facts and its apps, and carries
/// out the controller's orders. A controller that is away is waited for: the apps keep running as they
/// are. Runs until cancelled (SIGTERM); the apps outlive it.
/// </summary>
public sealed class HostAgent
{
    // A heartbeat is due every second; one that takes longer than this is given up for the next.
    private static readonly TimeSpan HeartbeatDeadline = TimeSpan.FromSeconds(3);

    private readonly AgentContext _context;

    // The highest order id seen since the last registration: 0 at start, so that what this agent had not
    // reported before it stopped comes again, and after a registration (the controller may be a new one).
    private long _seen;

    public HostAgent(AgentOptions options, ControllerClient client, TextWriter log) => _context = new AgentContext(options, client, log);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await SetUpHostAsync(cancellationToken).ConfigureAwait(false);
        await RegisterAsync(cancellationToken).ConfigureAwait(false);
        var runner = new OrderRunner(_context);
        try
        {
            await Task.WhenAll(HeartbeatLoopAsync(cancellationToken), OrderLoopAsync(runner, cancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await runner.DrainAsync().ConfigureAwait(false);
        _context.Say("stopped; the apps keep running");
    }

    // The host record the apps are placed on: an image's host is made once, its image fetched first.
    private async Task SetUpHostAsync(CancellationToken cancellationToken)
    {
        if (_context.Options.Image is not { } image)
        {
            return;
        }

        if (_context.Hosts.Find(_context.Options.Name) is { } existing)
        {
            // A reimage changed it since the agent was started with --image: the record is the truth.
            _context.Say($"host {existing.Name} on image {existing.Image}");
            return;
        }

        await UntilAvailableAsync("fetching image " + image, async () => await _context.Fetcher.EnsureImageAsync(image, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        _context.Hosts.Add(new HostRecord
        {
            Name = _context.Options.Name,
            Image = image,
            Network = HostRecord.SharedNetwork,
            State = HostRecord.ReadyState,
            Created = DateTimeOffset.UtcNow,
        });
        _context.Say($"host {_context.Options.Name} made on image {image}");
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        await UntilAvailableAsync("registering", async () =>
        {
            var registration = new AgentRegistration
            {
                Name = _context.Options.Name,
                Address = _context.Options.Address,
                Facts = Facts(),
                AgentVersion = typeof(HostAgent).Assembly.GetName().Version?.ToString(3) ?? "0",
                Apps = await _context.Reporter.ReportAllAsync(cancellationToken).ConfigureAwait(false),
            };
            var host = await _context.Client.RegisterAsync(registration, cancellationToken).ConfigureAwait(false);
            _seen = 0;
            _context.Say($"registered with {_context.Client.Context.Url} as {host.Name} ({host.Facts.Os}, state {host.State})");
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_context.Options.HeartbeatInterval);
        var lastImage = Facts().Image;
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var facts = Facts();
                if (facts.Image != lastImage)
                {
                    // A reimage: the controller learns the new OS at once.
                    await RegisterAsync(cancellationToken).ConfigureAwait(false);
                    lastImage = facts.Image;
                    continue;
                }

                // A heartbeat that hangs (a connection that died with a cut link) must not hold up the next.
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(HeartbeatDeadline);
                var heartbeat = new AgentHeartbeat { Facts = facts, Apps = await _context.Reporter.ReportAllAsync(cancellationToken).ConfigureAwait(false) };
                var reply = await _context.Client.HeartbeatAsync(_context.Options.Name, heartbeat, deadline.Token).ConfigureAwait(false);
                if (!reply.Known)
                {
                    await RegisterAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is HoistException { Kind: not ErrorKind.Cancelled } || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Missing heartbeats are how the controller learns that the host is away; nothing to do here.
            }
        }
    }

    private async Task OrderLoopAsync(OrderRunner runner, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(TimeSpan.FromSeconds(_context.Options.PollSeconds + 5));
                var orders = await _context.Client.OrdersAsync(_context.Options.Name, _seen, _context.Options.PollSeconds, deadline.Token).ConfigureAwait(false);
                runner.Accept(orders, cancellationToken);
                _seen = orders.Select(o => o.Id).Append(_seen).Max();
            }
            catch (Exception e) when (e is HoistException { Kind: ErrorKind.Unavailable or ErrorKind.NotFound } || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private HostFacts Facts() => HostFactsReader.Read(_context.Runtime.Hosts.Resolve(_context.HostRecordName), _context.Options.Home.Root);

    // Tries until the controller answers; a user error (a bad token, an unknown image) ends the agent.
    private async Task UntilAvailableAsync(string what, Func<Task> action, CancellationToken cancellationToken)
    {
        var told = false;
        while (true)
        {
            try
            {
                await action().ConfigureAwait(false);
                return;
            }
            catch (HoistException e) when (e.Kind == ErrorKind.Unavailable)
            {
                if (!told)
                {
                    _context.Say($"{what}: {e.Message}; trying again every second");
                    told = true;
                }

                await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
