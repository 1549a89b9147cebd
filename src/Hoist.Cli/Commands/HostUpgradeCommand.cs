using System.CommandLine;
using Hoist.Core.Errors;
using Hoist.Runtime.Hosts;

namespace Hoist.Cli.Commands;

/// <summary>hoist host upgrade H --image IMG</summary>
internal static class HostUpgradeCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("HOST") { Description = "the lab host to service" };
        var image = new Option<string>("--image") { Description = "the new OS image", Required = true };
        var command = new Command("upgrade", "Put a new OS image under a host: its apps stop with their state kept, and start again on the new OS") { name, image };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (context.Controller is { } client)
            {
                return await Fabric.FabricApps.UpgradeHostAsync(context, client, parse.GetValue(name)!, parse.GetValue(image)!, cancellationToken);
            }

            IReadOnlyList<UpgradeOutcome> outcomes;
            using (var progress = context.NewProgress())
            {
                outcomes = await new HostUpgrader(context.Runtime).UpgradeAsync(parse.GetValue(name)!, parse.GetValue(image)!, progress, cancellationToken);
            }

            await context.Out.WriteLineAsync($"host {parse.GetValue(name)} now runs image {parse.GetValue(image)}");
            foreach (var outcome in outcomes)
            {
                await context.Out.WriteLineAsync($"  {outcome.App}: {outcome.State}{(outcome.Reason is null ? string.Empty : " (" + outcome.Reason + ")")}");
            }

            var stayed = outcomes.Count(o => o.WasRunning && o.State != "running");
            if (stayed > 0)
            {
                throw HoistException.FailedPrecondition(
                    $"{stayed} app{(stayed == 1 ? string.Empty : "s")} that ran before did not start again on host {parse.GetValue(name)}",
                    "each keeps its state; the lines above say why");
            }

            return 0;
        });
        return command;
    }
}
