using Hoist.Init.Processes;
using Hoist.Supervision;

namespace Hoist.Init.Services;

/// <summary>Runs a service's extra commands (Pre, Post, Stop, a readiness check) as its user, in the
/// environment of the current start, with their output in the service's log.</summary>
internal sealed class ServiceCommands(ServiceRunner runner, IReadOnlyDictionary<string, string> variables)
{
    public IReadOnlyDictionary<string, string> Variables => variables;

    /// <summary>The same commands with MAINPID set, as systemd gives it to ExecStartPost and ExecStop.</summary>
    public ServiceCommands WithMainPid(int pid) =>
        new(runner, new Dictionary<string, string>(variables, StringComparer.Ordinal) { ["MAINPID"] = $"{pid}" });

    /// <summary>Runs the commands one after another. One that fails (a non-zero exit, a signal, no end within
    /// <paramref name="timeout"/>) throws <see cref="StartFailure"/>, unless it has IgnoreFailure, which
    /// only logs it. <paramref name="kind"/> names them in messages ("ExecStartPre").</summary>
    public async Task RunAllAsync(IReadOnlyList<CommandPlan> commands, string kind, TimeSpan? timeout, bool duringStop, CancellationToken cancellationToken)
    {
        foreach (var command in commands)
        {
            var exit = await RunAsync(command.Exec, discardOutput: false, timeout, duringStop, cancellationToken).ConfigureAwait(false);
            if (exit is { Success: true })
            {
                continue;
            }

            var what = $"{kind} '{string.Join(' ', command.Exec)}' {(exit is { } status ? status.ToString() : $"did not finish within {timeout?.TotalSeconds} s")}";
            if (!command.IgnoreFailure)
            {
                throw StartFailure.Because(what);
            }

            runner.Context.Events.Info($"{runner.Plan.Name}: {what} (ignored)");
        }
    }

    /// <summary>Runs one command; returns how it ended, or null when it did not end within
    /// <paramref name="timeout"/> (null: no limit) and was killed.</summary>
    public async Task<ExitStatus?> RunAsync(IReadOnlyList<string> argv, bool discardOutput, TimeSpan? timeout, bool duringStop, CancellationToken cancellationToken)
    {
        var request = ServiceVariables.Request(runner.Plan, argv, variables);
        var process = runner.Spawn(request, discardOutput, duringStop);
        if (!await Waits.WithinAsync(process.Exited, timeout, runner.Context.Time, cancellationToken).ConfigureAwait(false))
        {
            await runner.Context.Groups.TerminateAsync([process.ProcessGroup], process.Exited, SignalNames.SigKill, TimeSpan.Zero).ConfigureAwait(false);
            return null;
        }

        return await process.Exited.ConfigureAwait(false);
    }
}
