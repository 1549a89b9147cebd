using System.CommandLine;
using Hoist.Cli.Output;

namespace Hoist.Cli.Commands;

/// <summary>hoist host ls [--json]</summary>
internal static class HostListCommand
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var command = new Command("ls", "List the hosts: this machine (local) and the lab hosts") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (context.Controller is { } client)
            {
                return await Fabric.FabricApps.ListHostsAsync(context, client, parse.GetValue(json), cancellationToken);
            }

            var hosts = await HostCreateCommand.Manager(context).ListAsync(cancellationToken);
            var apps = context.Runtime.Apps.List();
            if (parse.GetValue(json))
            {
                Json.Write<IReadOnlyList<HostView>>(context.Out, [.. hosts.Select(h => new HostView(h.Name, h.Image, h.Network, h.Address, h.State, h.Created, [.. apps.Where(a => a.Host == h.Name).Select(a => a.Name)]))], JsonViewContext.Default.IReadOnlyListHostView);
                return 0;
            }

            Table.Write(
                context.Out,
                ["NAME", "IMAGE", "NETWORK", "ADDRESS", "STATE", "APPS"],
                hosts.Select(h => (IReadOnlyList<string>)[h.Name, h.IsLocal ? "(this machine)" : h.Image, h.Network, h.Address ?? "-", h.State, string.Join(",", apps.Where(a => a.Host == h.Name).Select(a => a.Name))]));
            return 0;
        });
        return command;
    }
}
