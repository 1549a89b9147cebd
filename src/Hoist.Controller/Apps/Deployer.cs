using Hoist.Controller.Events;
using Hoist.Controller.Model;
using Hoist.Controller.Orders;
using Hoist.Controller.Placement;
using Hoist.Core.Errors;
using Hoist.Core.Text;
using Hoist.Fabric.Api;
using Hoist.Packaging.Manifests;

namespace Hoist.Controller.Apps;

/// <summary>Deployments: resolves the package, checks the settings, places the app (or checks the host
/// given) and creates it: its row and its app.install order, in one write.</summary>
internal sealed class Deployer
{
    private readonly FabricState _state;
    private readonly OrderBook _orders;
    private readonly EventLog _events;
    private readonly TimeProvider _time;

    public Deployer(FabricState state, OrderBook orders, EventLog events, ControllerOptions options)
    {
        _state = state;
        _orders = orders;
        _events = events;
        _time = options.Time;
    }

    /// <summary>
    /// Places and creates an app (a dry run only places it). Throws <see cref="ErrorKind.NotFound"/> for a
    /// package or host the fabric lacks, <see cref="ErrorKind.InvalidArgument"/> for a bad name or setting,
    /// <see cref="ErrorKind.AlreadyExists"/> for an app name in use, and
    /// <see cref="ErrorKind.FailedPrecondition"/> when no host (or not the one given) can run it, with every
    /// host's reasons.
    /// </summary>
    public async Task<DeployResult> DeployAsync(DeployRequest request, CancellationToken cancellationToken)
    {
        Task saved;
        DeployResult result;
        await _state.Placing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_state.Gate)
            {
                var (item, manifest) = _state.Library.ResolvePackage(request.Package);
                var name = Names.Validate(request.Name ?? manifest.Name, "app name");
                if (!request.DryRun && _state.Apps.TryGetValue(name, out var existing))
                {
                    throw HoistException.AlreadyExists(
                        $"app '{name}' exists (on {existing.Record.Host})", "choose another name, or remove it with 'hoist rm'");
                }

                var settings = AppSettings.Parse(manifest, request.Settings);
                var demand = settings.Demand(name, name, item.Digest, manifest);
                var placement = Place(request.Host, demand, request.Explain || request.DryRun);
                var host = placement.Chosen!;
                if (request.DryRun)
                {
                    return new DeployResult { Host = host.Name, Verdicts = placement.Verdicts };
                }

                var app = Create(name, 1, new PackageRef(item.Digest, item.Name, item.Version), settings, demand, _state.Hosts[host.Name], request.Start);
                var score = placement.Verdicts.First(v => v.Chosen).Score;
                _events.Add(EventKinds.AppDeployed, name, $"{name} ({item.Name} {item.Version}) placed on {host.Name}, score {score:0.###}");
                result = new DeployResult { App = Views.App(app.Record, _state), Host = host.Name, Verdicts = placement.Verdicts };
                saved = _state.Flush();
            }
        }
        finally
        {
            _state.Placing.Release();
        }

        await saved.WaitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>The host for <paramref name="demand"/>: the one named (checked by every filter) or the best.
    /// Under the fabric's lock.</summary>
    public PlacementResult Place(string? hostName, AppDemand demand, bool explain)
    {
        if (hostName is null)
        {
            var result = Placer.Place(_state.Placement, demand, explain);
            return result.Chosen is null ? throw result.Refusal(demand.App) : result;
        }

        if (!_state.Hosts.TryGetValue(hostName, out var host))
        {
            throw HoistException.NotFound($"host '{hostName}' is not in the fabric", "see the hosts with 'hoist host list'");
        }

        var verdict = Placer.Judge(host.Placement, demand);
        return verdict.Eligible
            ? new PlacementResult(host.Placement, [verdict with { Chosen = true }])
            : throw new HoistException(ErrorKind.FailedPrecondition, $"host {hostName} cannot run {demand.App}: {string.Join("; ", verdict.Reasons)}", "choose another host, or let placement choose");
    }

    /// <summary>Creates an app on <paramref name="host"/> and queues its app.install. Under the fabric's lock.</summary>
    public AppEntry Create(string name, int instance, PackageRef package, AppSettings settings, AppDemand demand, HostEntry host, bool start)
    {
        var record = new AppRecord
        {
            Name = name,
            Group = demand.Group,
            Instance = instance,
            Host = host.Name,
            Package = package.Digest,
            PackageName = package.Name,
            PackageVersion = package.Version,
            Parameters = settings.Parameters,
            Resources = settings.Resources,
            Desired = start ? DesiredStates.Running : DesiredStates.Stopped,
            Status = AppStates.Pending,
            Created = _time.GetUtcNow(),
        };
        var app = new AppEntry(record, demand);
        _ = _state.Add(app);
        _orders.Queue(host, new Order
        {
            Kind = OrderKinds.Install, App = name, Package = package.Digest, Parameters = settings.Parameters, Resources = settings.Resources, Start = start,
        });
        return app;
    }

    /// <summary>The manifest of an app's package. Under the fabric's lock.</summary>
    public PackageManifest ManifestOf(AppRecord app) =>
        _state.Library.Manifest(app.Package)
            ?? throw HoistException.FailedPrecondition($"the package of {app.Name} ({app.PackageName} {app.PackageVersion}) is no longer in the library", $"push it again with 'hoist library push {app.PackageName}'");
}
