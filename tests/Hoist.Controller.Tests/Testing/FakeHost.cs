using System.Collections.Concurrent;
using System.Text;
using Hoist.Core.Storage;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Testing;

/// <summary>What a real agent's host would do with each order, on apps kept in memory.</summary>
internal static class FakeHost
{
    public static OrderResult Execute(FakeAgent agent, ConcurrentDictionary<string, AppReport> apps, Order order)
    {
        var app = order.App ?? string.Empty;
        var now = DateTimeOffset.UtcNow;
        switch (order.Kind)
        {
            case OrderKinds.Install:
                return Ok(apps[app] = Report(app, order.Package!, order.Start ? AppStates.Running : AppStates.Stopped, now));
            case OrderKinds.Start:
            case OrderKinds.Thaw:
                if (!apps.TryGetValue(app, out var existing))
                {
                    return order.Kind == OrderKinds.Thaw ? new OrderResult { Ok = true } : new OrderResult { Ok = false, Error = $"app {app} does not exist", ErrorKind = "NotFound" };
                }

                return Ok(apps[app] = existing with { Status = AppStates.Running, Since = now });
            case OrderKinds.Stop:
                return apps.TryGetValue(app, out var running) ? Ok(apps[app] = running with { Status = AppStates.Stopped, Since = null }) : new OrderResult { Ok = true };
            case OrderKinds.Remove:
                apps.TryRemove(app, out _);
                return new OrderResult { Ok = true };
            case OrderKinds.StatePush:
                return State(agent, app, order.Round, agent.PushBytes(order.Round), null);
            case OrderKinds.StateFinal:
                var down = DateTimeOffset.UtcNow;
                if (apps.TryGetValue(app, out var source))
                {
                    apps[app] = source with { Status = AppStates.Stopped, Since = null };
                }

                return State(agent, app, order.Round, 100L << 10, down) with { App = apps.GetValueOrDefault(app) };
            case OrderKinds.StatePull:
                apps.TryAdd(app, Report(app, order.Package!, AppStates.Stopped, now));
                return new OrderResult { Ok = true, App = apps[app], BytesFetched = 1L << 20 };
            case OrderKinds.Reimage:
                agent.Facts = agent.Facts with { Image = order.Image! };
                return new OrderResult { Ok = true };
            default:
                return new OrderResult { Ok = false, Error = $"unknown order kind {order.Kind}" };
        }
    }

    /// <summary>The recipe digest a fake state push of <paramref name="app"/>'s round gives.</summary>
    public static string RecipeOf(string app, int round) => Digest.Of(Encoding.UTF8.GetBytes($"{app}/{round}")).ToString();

    private static OrderResult State(FakeAgent agent, string app, int round, long bytes, DateTimeOffset? down) => new()
    {
        Ok = true, Recipe = RecipeOf(app, round), BytesSent = bytes, BytesTotal = agent.StateBytes, Files = 100, ChangedFiles = 3, DownSince = down,
    };

    private static AppReport Report(string name, string package, string status, DateTimeOffset now) =>
        new() { Name = name, Package = package, Status = status, Since = status == AppStates.Running ? now : null };

    private static OrderResult Ok(AppReport app) => new() { Ok = true, App = app };
}
