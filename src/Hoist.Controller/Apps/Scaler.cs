using System.Globalization;
using Hoist.Controller.Events;
using Hoist.Controller.Model;
using Hoist.Controller.Placement;
using Hoist.Core.Errors;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Apps;

/// <summary>
/// Scaling (hoist scale): the instances of an app's group are GROUP, GROUP-2, GROUP-3, ... Scaling up
/// places each new instance (never two of a group on one host) and creates it like a deployment; all or
/// none: when one cannot be placed, none is created. Scaling down removes the highest-numbered. Only for a
/// package whose manifest allows several instances (maxInstances above 1).
/// </summary>
internal sealed class Scaler
{
    private readonly FabricState _state;
    private readonly Deployer _deployer;
    private readonly AppOperations _apps;
    private readonly EventLog _events;

    public Scaler(FabricState state, Deployer deployer, AppOperations apps, EventLog events)
    {
        _state = state;
        _deployer = deployer;
        _apps = apps;
        _events = events;
    }

    public async Task<ScaleResult> ScaleAsync(string name, ScaleRequest request, CancellationToken cancellationToken)
    {
        Task saved;
        ScaleResult result;
        await _state.Placing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_state.Gate)
            {
                var app = _state.Apps.TryGetValue(name, out var found) ? found.Record : throw HoistException.NotFound($"app '{name}' is not in the fabric", "see the apps with 'hoist ps'");
                var manifest = _deployer.ManifestOf(app);
                var max = manifest.MaxInstances ?? 1;
                if (max <= 1)
                {
                    throw HoistException.FailedPrecondition(
                        $"package {app.PackageName} runs as one instance: its manifest's maxInstances is {manifest.MaxInstances?.ToString(CultureInfo.InvariantCulture) ?? "not set"}",
                        "a package that can run beside itself says so with maxInstances in its manifest ('hoist package edit')");
                }

                if (request.Instances < 1)
                {
                    throw HoistException.InvalidArgument($"{request.Instances} instances: scale to 1 or more", "remove the app with 'hoist rm'");
                }

                if (request.Instances > max)
                {
                    throw HoistException.FailedPrecondition($"package {app.PackageName} allows {max} instances at most (maxInstances), not {request.Instances}");
                }

                var members = _state.Apps.Values.Where(a => a.Record.Group == app.Group && a.Record.Desired != DesiredStates.Removed).OrderBy(a => a.Record.Instance).ToList();
                var placed = members.Count < request.Instances ? Up(app, manifest, members, request.Instances) : [];
                var added = placed.Select(p => p.Name).ToList();
                var removed = members.Count > request.Instances ? Down(members, request.Instances) : [];
                if (added.Count + removed.Count > 0)
                {
                    _events.Add(EventKinds.AppScaled, app.Group, $"{app.Group}: {members.Count} → {request.Instances} instances{Describe("added", placed.Select(p => $"{p.Name} on {p.Host}").ToList())}{Describe("removed", removed)}");
                }

                result = new ScaleResult
                {
                    Instances = _state.Apps.Values.Where(a => a.Record.Group == app.Group && a.Record.Desired != DesiredStates.Removed)
                        .OrderBy(a => a.Record.Instance).Select(a => Views.App(a.Record, _state)).ToList(),
                    Added = added,
                    Removed = removed,
                };
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

    private List<(string Name, string Host)> Up(AppRecord app, Packaging.Manifests.PackageManifest manifest, List<AppEntry> members, int instances)
    {
        var settings = new AppSettings(app.Parameters, app.Resources);
        var taken = members.Select(m => m.Record.Instance).ToHashSet();
        var planned = new List<(string Name, int Instance, AppDemand Demand, PlacementHost Host)>();
        try
        {
            for (var instance = 1; members.Count + planned.Count < instances; instance++)
            {
                if (taken.Contains(instance))
                {
                    continue;
                }

                var name = instance == 1 ? app.Group : $"{app.Group}-{instance}";
                if (_state.Apps.ContainsKey(name))
                {
                    throw HoistException.AlreadyExists($"app '{name}' exists and is not an instance of {app.Group}, or is being removed", "remove it, or wait for its removal to end");
                }

                var demand = settings.Demand(name, app.Group, app.Package, manifest);
                var host = _deployer.Place(null, demand, explain: false).Chosen!;
                host.Reserve(demand);
                planned.Add((name, instance, demand, host));
            }
        }
        finally
        {
            foreach (var (_, _, demand, host) in planned)
            {
                host.Release(demand);
            }
        }

        var package = new PackageRef(app.Package, app.PackageName, app.PackageVersion);
        foreach (var (name, instance, demand, host) in planned)
        {
            _deployer.Create(name, instance, package, settings, demand, _state.Hosts[host.Name], app.Desired == DesiredStates.Running);
        }

        return planned.Select(p => (p.Name, p.Host.Name)).ToList();
    }

    private List<string> Down(List<AppEntry> members, int instances)
    {
        var leaving = members.OrderByDescending(m => m.Record.Instance).Take(members.Count - instances).ToList();
        foreach (var app in leaving)
        {
            _apps.MarkRemoved(app);
        }

        return leaving.Select(a => a.Name).ToList();
    }

    private static string Describe(string what, List<string> names) => names.Count == 0 ? string.Empty : $"; {what} {string.Join(", ", names)}";
}
