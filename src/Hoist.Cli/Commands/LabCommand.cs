using System.CommandLine;
using System.Globalization;
using Hoist.Cli.Lab;
using Hoist.Cli.Output;
using Hoist.Core.Errors;

namespace Hoist.Cli.Commands;

/// <summary>hoist lab up [--hosts N] [--images A,B] [--port P] | status | down</summary>
internal static class LabCommand
{
    public static Command Create(CliContext context)
    {
        var lab = new Command("lab", "A fabric on this machine: a controller and hosts, each a network namespace with its own OS root and agent");
        lab.Subcommands.Add(Up(context));
        lab.Subcommands.Add(Status(context));
        lab.Subcommands.Add(Down(context));
        return lab;
    }

    private static Command Up(CliContext context)
    {
        var hosts = new Option<int>("--hosts") { Description = "how many hosts", DefaultValueFactory = _ => 3 };
        var images = new Option<string>("--images") { Description = "the OS images of the hosts, taken in turn (built when missing)", DefaultValueFactory = _ => "bookworm,trixie" };
        var port = new Option<int>("--port") { Description = "the controller's port", DefaultValueFactory = _ => LabLayout.DefaultPort };
        var command = new Command("up", "Start a controller and N hosts on this machine, and point hoist at the controller") { hosts, images, port };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var list = parse.GetValue(images)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (list.Length == 0)
            {
                throw HoistException.InvalidArgument("--images names no image");
            }

            LabState state;
            using (var progress = context.NewProgress())
            {
                state = await new LabManager(context).UpAsync(parse.GetValue(hosts), list, parse.GetValue(port), progress, cancellationToken);
            }

            await context.Out.WriteLineAsync($"lab up: controller at {state.Controller}");
            foreach (var host in state.Hosts)
            {
                await context.Out.WriteLineAsync($"  {host.Name}  {host.Address,-12}  {host.Image}");
            }

            await context.Out.WriteLineAsync("hoist now talks to this controller (deploy, migrate, host drain, library ...); 'hoist lab down' removes it all");
            return 0;
        });
        return command;
    }

    private static Command Status(CliContext context)
    {
        var command = new Command("status", "Show the lab: its controller, and each host with its address, image, state, apps and agent");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var manager = new LabManager(context);
            var state = manager.Read() ?? throw HoistException.NotFound("no lab is up", "start one with 'hoist lab up'");
            var alive = Lab.Daemon.GroupAlive(state.ControllerPid);
            await context.Out.WriteLineAsync($"controller  {state.Controller}  loop pid {state.ControllerPid.ToString(CultureInfo.InvariantCulture)} {(alive ? "running" : "NOT RUNNING")}  log {manager.Layout.ControllerLog}");
            IReadOnlyList<Hoist.Fabric.Api.HostView> views = [];
            if (alive && context.Controller is { } client)
            {
                views = await client.HostsAsync(cancellationToken);
            }

            Table.Write(
                context.Out,
                ["HOST", "ADDRESS", "IMAGE", "STATE", "APPS", "AGENT"],
                state.Hosts.Select(h =>
                {
                    var view = views.FirstOrDefault(v => v.Name == h.Name);
                    return (IReadOnlyList<string>)
                    [
                        h.Name, h.Address, view?.Facts.Image ?? h.Image, view?.State ?? "?", view is null || view.Apps.Count == 0 ? "-" : string.Join(",", view.Apps),
                        $"{(Lab.Daemon.GroupAlive(h.AgentPid) ? "running" : "NOT RUNNING")} (loop pid {h.AgentPid.ToString(CultureInfo.InvariantCulture)}, log {manager.Layout.AgentLog(h.Name)})",
                    ];
                }));
            return alive ? 0 : Output.ExitCodes.Unavailable;
        });
        return command;
    }

    private static Command Down(CliContext context)
    {
        var command = new Command("down", "Remove the lab: its apps, agents, controller, namespaces, bridge and files");
        command.SetAction(async (parse, cancellationToken) =>
        {
            bool found;
            using (var progress = context.NewProgress())
            {
                found = await new LabManager(context).DownAsync(progress);
            }

            await context.Out.WriteLineAsync(found ? "lab down: nothing of it is left" : "no lab was up");
            return 0;
        });
        return command;
    }
}
