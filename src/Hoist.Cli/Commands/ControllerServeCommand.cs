using System.CommandLine;
using System.Diagnostics;
using Hoist.Cli.Fabric;

namespace Hoist.Cli.Commands;

/// <summary>hoist controller serve [--home DIR] [--listen URL]... [--token TOKEN]</summary>
internal static class ControllerServeCommand
{
    public static Command Create(CliContext context)
    {
        var home = new Option<string?>("--home") { Description = "the controller's home: its database, library and token (default: $HOIST_HOME/controller)" };
        var listen = new Option<string[]>("--listen") { Description = "a URL to listen on (default http://127.0.0.1:7780); repeatable", Arity = ArgumentArity.ZeroOrMore };
        var token = new Option<string?>("--token") { Description = "the API token (default: the home's 'token' file, made at the first start)" };
        var command = new Command("serve", "Run the fabric's controller: REST API, library, placement, orchestration (until SIGTERM or Ctrl-C)") { home, listen, token };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var arguments = new List<string>(ControllerProgram.Command()) { "serve", "--home", parse.GetValue(home) ?? Path.Combine(context.Library.Home.Root, "controller") };
            foreach (var url in parse.GetValue(listen) ?? [])
            {
                arguments.AddRange(["--listen", url]);
            }

            if (parse.GetValue(token) is { } given)
            {
                arguments.AddRange(["--token", given]);
            }

            var start = new ProcessStartInfo(arguments[0]) { UseShellExecute = false };
            foreach (var argument in arguments.Skip(1))
            {
                start.ArgumentList.Add(argument);
            }

            using var controller = Process.Start(start)!;
            try
            {
                await controller.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM or Ctrl-C: the controller heard it too (same process group) or is told now, and stops cleanly.
                Linux.Proc.ProcessSignal.Send(controller.Id, 15);
                await controller.WaitForExitAsync(CancellationToken.None);
                return 0;
            }

            return controller.ExitCode;
        });
        var group = new Command("controller", "The fabric's controller");
        group.Subcommands.Add(command);
        return group;
    }
}
