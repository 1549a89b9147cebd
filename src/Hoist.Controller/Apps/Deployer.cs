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

    /// <summary>The most deployments one batch may hold.</summary>
    public const int MaxBatch = 10_000;

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
                var plan = Plan(request, request.Explain || request.DryRun, batch: null);
                if (request.DryRun)
                {
                    return new DeployResult { Host = plan.Placement.Chosen!.Name, Verdicts = plan.Placement.Verdicts };
                }

                result = Create(plan, request.Start);
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

    /// <summary>
    /// Places and creates the apps of a batch, in order, each counting the ones before it, and answers once
    /// all are written. All or none: a deployment that fails as <see cref="DeployAsync"/> would fails the
    /// batch with that error, its number and app name in front, and nothing is created. Throws
    /// <see cref="ErrorKind.InvalidArgument"/> for an empty batch, one over <see cref="MaxBatch"/>, a dry run
    /// or an explanation asked in it, or one app name twice.
    /// </summary>
    public async Task<DeployBatchResult> DeployBatchAsync(DeployBatchRequest request, CancellationToken cancellationToken)
    {
        var deployments = request.Deployments;
        if (deployments.Count is 0 or > MaxBatch)
        {
            throw HoistException.InvalidArgument($"a batch of {deployments.Count} deployments: a batch holds 1 to {MaxBatch}", deployments.Count == 0 ? null : "split it");
        }

        Task saved;
        var results = new List<DeployResult>(deployments.Count);
        await _state.Placing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_state.Gate)
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                var plans = new List<DeployPlan>(deployments.Count);
                try
                {
                    for (var i = 0; i < deployments.Count; i++)
                    {
                        var plan = PlanInBatch(deployments, i, names);
                        plan.Host.Placement.Reserve(plan.Demand);
                        plans.Add(plan);
                    }
                }
                finally
                {
                    // Create counts each app on its host again, for good.
                    foreach (var plan in plans)
                    {
                        plan.Host.Placement.Release(plan.Demand);
                    }
                }

                for (var i = 0; i < plans.Count; i++)
                {
                    results.Add(Create(plans[i], deployments[i].Start));
                }

                saved = _state.Flush();
            }
        }
        finally
        {
            _state.Placing.Release();
        }

        await saved.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new DeployBatchResult { Deployments = results };
    }

    // Deployment i of a batch, planned; its errors name it.
    private DeployPlan PlanInBatch(IReadOnlyList<DeployRequest> deployments, int i, HashSet<string> names)
    {
        var request = deployments[i];
        try
        {
            if (request.DryRun || request.Explain)
            {
                throw HoistException.InvalidArgument("a batch deploys: it takes no dry run or explanation", "ask placement's verdicts one app at a time ('hoist deploy --explain')");
            }

            return Plan(request, explain: false, names);
        }
        catch (HoistException e)
        {
            throw new HoistException(e.Kind, $"deployment {i + 1} of {deployments.Count} ({request.Name ?? request.Package}): {e.Message}; nothing was deployed", e.Hint, e)
            {
                Details = e.Details,
            };
        }
    }

    // Resolves, checks and places one deployment, creating nothing. Under the fabric's lock. The names of
    // a batch's earlier apps are in batch (and the new one is added), null for a single deployment.
    private DeployPlan Plan(DeployRequest request, bool explain, HashSet<string>? batch)
    {
        var (item, manifest) = _state.Library.ResolvePackage(request.Package);
        var name = Names.Validate(request.Name ?? manifest.Name, "app name");
        if (!request.DryRun && _state.Apps.TryGetValue(name, out var existing))
        {
            throw HoistException.AlreadyExists(
                $"app '{name}' exists (on {existing.Record.Host})", "choose another name, or remove it with 'hoist rm'");
        }

        if (batch is not null && !batch.Add(name))
        {
            throw HoistException.InvalidArgument($"app '{name}' is named twice in the batch", "give each app its own name");
        }

        var settings = AppSettings.Parse(manifest, request.Settings);
        var demand = settings.Demand(name, name, item.Digest, manifest);
        var placement = Place(request.Host, demand, explain);
        return new DeployPlan(name, new PackageRef(item.Digest, item.Name, item.Version), settings, demand, placement, _state.Hosts[placement.Chosen!.Name]);
    }

    // Creates a planned app: its row, its install order, its event. Under the fabric's lock.
    private DeployResult Create(DeployPlan plan, bool start)
    {
        var app = Create(plan.Name, 1, plan.Package, plan.Settings, plan.Demand, plan.Host, start);
        var score = plan.Placement.Verdicts.First(v => v.Chosen).Score;
        _events.Add(EventKinds.AppDeployed, plan.Name, $"{plan.Name} ({plan.Package.Name} {plan.Package.Version}) placed on {plan.Host.Name}, score {score:0.###}");
        return new DeployResult { App = Views.App(app.Record, _state), Host = plan.Host.Name, Verdicts = plan.Placement.Verdicts };
    }

    private sealed record DeployPlan(string Name, PackageRef Package, AppSettings Settings, AppDemand Demand, PlacementResult Placement, HostEntry Host);

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
