using System.CommandLine;
using Hoist.Agent;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Core.Text;
using Hoist.Fabric;
using Hoist.Fabric.Client;

namespace Hoist.Cli.Commands;

/// <summary>hoist agent serve --controller URL --name H --root DIR [--image IMG] [--address A] [--token T]</summary>
internal static class AgentServeCommand
{
    public static Command Create(CliContext context)
    {
        var controller = new Option<string>("--controller") { Description = "the controller's URL", Required = true };
        var name = new Option<string>("--name") { Description = "this host's name in the fabric", Required = true };
        var root = new Option<string>("--root") { Description = "the agent's own Hoist home: its library, apps and chunk cache", Required = true };
        var image = new Option<string?>("--image") { Description = "the OS image the host runs on, fetched from the controller's library (default: this machine's own root)" };
        var address = new Option<string?>("--address") { Description = "the address the host's apps are reached at" };
        var token = new Option<string?>("--token") { Description = "the controller's token (default: HOIST_TOKEN)" };
        var command = new Command("serve", "Run the agent of a host: register with the controller, heartbeat, carry out its orders (until SIGTERM)") { controller, name, root, image, address, token };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var secret = parse.GetValue(token) ?? Environment.GetEnvironmentVariable(ControllerContext.TokenVariable);
            if (string.IsNullOrWhiteSpace(secret))
            {
                throw HoistException.InvalidArgument("the agent needs the controller's token", "give --token, or set HOIST_TOKEN");
            }

            var url = Uri.TryCreate(parse.GetValue(controller), UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
                ? parsed
                : throw HoistException.InvalidArgument($"--controller '{parse.GetValue(controller)}' is not an http or https URL");
            var options = new AgentOptions
            {
                Name = Names.Validate(parse.GetValue(name)!, "host name"),
                Home = new HoistHome(parse.GetValue(root)!),
                Image = parse.GetValue(image),
                Address = parse.GetValue(address),
            };
            using var client = new ControllerClient(new ControllerContext(url, secret.Trim()));
            await new HostAgent(options, client, context.Error).RunAsync(cancellationToken);
            return 0;
        });
        var group = new Command("agent", "The agent of a host of the fabric");
        group.Subcommands.Add(command);
        return group;
    }
}
