using System.CommandLine;
using Hoist.Library.Index;
using Hoist.Runtime.Hosts;

namespace Hoist.Cli.Commands;

/// <summary>hoist host create NAME --image IMG [--network shared|own]</summary>
internal static class HostCreateCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "the host's name" };
        var image = new Option<string>("--image") { Description = "the OS image the host runs", Required = true };
        var network = new Option<string>("--network") { Description = "shared: this machine's network; own: its own network namespace and address on Hoist's bridge", DefaultValueFactory = _ => "shared" };
        network.AcceptOnlyFromAmong(HostRecord.SharedNetwork, HostRecord.OwnNetwork);
        var command = new Command("create", "Create a lab host on this machine, running an OS image") { name, image, network };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var host = await Manager(context).CreateAsync(parse.GetValue(name)!, parse.GetValue(image)!, parse.GetValue(network)!, cancellationToken);
            await context.Out.WriteLineAsync($"host {host.Name}: image {host.Image}, network {host.Network}{(host.Address is null ? string.Empty : $", address {host.Address}")}");
            return 0;
        });
        return command;
    }

    internal static HostManager Manager(CliContext context) =>
        new(new HostStore(new LibraryIndex(context.Library.Home)), context.Library.Images, context.Network);
}
