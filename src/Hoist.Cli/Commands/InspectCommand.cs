using System.CommandLine;
using Hoist.Cli.Output;
using Hoist.Core.Text;
using Hoist.Core.Storage;
using Hoist.Runtime.Apps;

namespace Hoist.Cli.Commands;

/// <summary>hoist inspect APP [--json]</summary>
internal static class InspectCommand
{
    public static Command Create(CliContext context)
    {
        var app = AppArgument.Create();
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var command = new Command("inspect", "Show an app: package, host, values, limits, status, services, where its state is") { app, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var runtime = context.Runtime;
            var record = runtime.Apps.Get(parse.GetValue(app)!);
            var status = await new AppStatusReader(runtime).ReadAsync(record, cancellationToken);
            var layout = runtime.Layout(record.Name);
            var state = Directory.Exists(layout.StateUpper) ? FileTree.Measure(layout.StateUpper).Bytes : 0;
            if (parse.GetValue(json))
            {
                Json.Write(context.Out, new AppInspectView(PsCommand.Describe(status), record.Parameters, record.Resources, record.Desired, record.Created, layout.StateUpper, state, layout.Logs, layout.ContainerId), JsonViewContext.Default.AppInspectView);
                return 0;
            }

            var o = context.Out;
            await o.WriteLineAsync($"{record.Name}: {status.State}{(status.Message is null ? string.Empty : $" ({status.Message})")}");
            await o.WriteLineAsync($"  package      {status.PackageName} {status.PackageVersion} ({record.Package})");
            await o.WriteLineAsync($"  host         {record.Host}");
            await o.WriteLineAsync($"  values       {(record.Parameters.Count == 0 ? "the package's defaults" : string.Join(", ", record.Parameters.Select(p => $"{p.Key}={p.Value}")))}");
            await o.WriteLineAsync($"  limits       {(record.Resources.Count == 0 ? "the package's" : string.Join(", ", record.Resources.Select(p => $"{p.Key}={p.Value}")))}");
            foreach (var service in status.Services)
            {
                await o.WriteLineAsync($"  service      {service.Status.Name}: {service.Status.State}, pid {service.HostPid}, ports {string.Join(" ", service.Ports)}, restarts {service.Status.Restarts}");
            }

            await o.WriteLineAsync($"  state layer  {layout.StateUpper} ({ByteSize.Format(state)})");
            await o.WriteLineAsync($"  logs         {layout.Logs}");
            await o.WriteLineAsync($"  container    {layout.ContainerId} (runc)");
            return 0;
        });
        return command;
    }
}
