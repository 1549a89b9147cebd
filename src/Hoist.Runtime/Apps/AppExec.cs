using System.Diagnostics;
using Hoist.Core.Errors;
using Hoist.Core.Processes;
using Hoist.Supervision;

namespace Hoist.Runtime.Apps;

/// <summary>Runs a command inside a running app (its root, its namespaces), with this terminal.</summary>
public sealed class AppExec
{
    private readonly AppRuntime _runtime;

    public AppExec(AppRuntime runtime) => _runtime = runtime;

    /// <summary>Runs <paramref name="command"/> as <paramref name="user"/> (root when null; a name of the
    /// app's /etc/passwd, or a number) and returns its exit code. Throws <see cref="ErrorKind.FailedPrecondition"/>
    /// when the app is not running, <see cref="ErrorKind.NotFound"/> for an unknown user.</summary>
    public async Task<int> RunAsync(string name, IReadOnlyList<string> command, string? user, CancellationToken cancellationToken)
    {
        var arguments = await ArgumentsAsync(name, command, user, tty: !Console.IsInputRedirected && !Console.IsOutputRedirected, cancellationToken).ConfigureAwait(false);

        // The command owns this terminal: its input and output are not redirected.
        var info = new ProcessStartInfo(_runtime.Runc.Program) { UseShellExecute = false };
        arguments.ForEach(info.ArgumentList.Add);
        using var process = Process.Start(info) ?? throw HoistException.Unavailable("cannot start runc");

        // Ctrl-C reaches the command itself (runc forwards it): wait for its end, whatever it decides.
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return process.ExitCode;
    }

    /// <summary>Runs a command in the app and returns its output, for callers that read it (the demo).</summary>
    public async Task<ProcessResult> CaptureAsync(string name, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var arguments = await ArgumentsAsync(name, command, null, tty: false, cancellationToken).ConfigureAwait(false);
        return await ProcessRunner.RunAsync(new ProcessSpec(_runtime.Runc.Program, arguments), cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<string>> ArgumentsAsync(string name, IReadOnlyList<string> command, string? user, bool tty, CancellationToken cancellationToken)
    {
        var app = _runtime.Apps.Get(name);
        var layout = _runtime.Layout(app.Name);
        var state = await _runtime.ContainerStateAsync(layout, cancellationToken).ConfigureAwait(false);
        if (state?.Status != "running")
        {
            throw HoistException.FailedPrecondition($"app '{name}' is not running", $"start it with 'hoist start {name}'");
        }

        var passwd = File.ReadAllText(Path.Combine(layout.Config, "etc", "passwd"));
        var group = File.ReadAllText(Path.Combine(layout.Config, "etc", "group"));
        var (identity, problem) = ServiceIdentity.Resolve(user, null, [], passwd, group);
        if (identity is null)
        {
            throw HoistException.NotFound($"cannot run as '{user}' in app {name}: {problem}");
        }

        var arguments = new List<string> { "exec" };
        if (tty)
        {
            arguments.Add("--tty");
        }

        arguments.AddRange(["--user", $"{identity.Uid}:{identity.Gid}", "--cwd", "/"]);
        arguments.AddRange(identity.Groups.Where(g => g != identity.Gid).SelectMany(g => new[] { "--additional-gids", g.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var home = passwd.Split('\n').Select(l => l.Split(':')).FirstOrDefault(f => f.Length >= 7 && f[2] == identity.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture))?[5] ?? "/";
        foreach (var (key, value) in ServiceEnvironment.Base(user, home, new Dictionary<string, string> { ["TERM"] = Environment.GetEnvironmentVariable("TERM") ?? "dumb" }))
        {
            arguments.AddRange(["--env", $"{key}={value}"]);
        }

        arguments.Add(layout.ContainerId);
        arguments.AddRange(command);
        return arguments;
    }
}
