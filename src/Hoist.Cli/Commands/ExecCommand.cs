using System.CommandLine;
using Hoist.Runtime.Apps;

namespace Hoist.Cli.Commands;

/// <summary>hoist exec APP [--user U] -- CMD...</summary>
internal static class ExecCommand
{
    public static Command Create(CliContext context)
    {
        var app = AppArgument.Create();
        var user = new Option<string?>("--user", "-u") { Description = "a user of the app (default: root)" };
        var commandLine = new Argument<string[]>("COMMAND") { Description = "the command and its arguments (after --)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("exec", "Run a command inside a running app: its root, its namespaces, its users") { app, user, commandLine };
        command.SetAction((parse, cancellationToken) =>
            new AppExec(context.Runtime).RunAsync(parse.GetValue(app)!, parse.GetValue(commandLine)!, parse.GetValue(user), cancellationToken));
        return command;
    }
}
