using System.Text.Json;
using Hoist.Core.Errors;
using Hoist.Core.Processes;

namespace Hoist.Runtime.Runc;

/// <summary>Drives runc (Debian's) as a program, each call with a timeout.</summary>
public sealed class RuncDriver
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string _runc = Tools.Require("runc", "runc");

    public string Program => _runc;

    /// <summary>The container's state, or null when runc does not know it.</summary>
    public async Task<ContainerState?> StateAsync(string id, CancellationToken cancellationToken)
    {
        if (!Knows(id))
        {
            return null;
        }

        if (IsCreated(id))
        {
            return new ContainerState("created", 0);
        }

        var result = await ProcessRunner.RunAsync(new ProcessSpec(_runc, "state", id) { Timeout = Timeout }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return null;
        }

        using var json = JsonDocument.Parse(result.Stdout);
        return new ContainerState(json.RootElement.GetProperty("status").GetString() ?? "unknown", json.RootElement.GetProperty("pid").GetInt32());
    }

    /// <summary>Sends a signal to the container's first process (hoist-init); a container that is
    /// not running is not an error.</summary>
    public async Task KillAsync(string id, string signal, CancellationToken cancellationToken) =>
        await ProcessRunner.RunAsync(new ProcessSpec(_runc, "kill", id, signal) { Timeout = Timeout }, cancellationToken).ConfigureAwait(false);

    /// <summary>Forgets a container (with <paramref name="force"/>, kills it first); an unknown one is not an error.</summary>
    public async Task DeleteAsync(string id, bool force, CancellationToken cancellationToken)
    {
        if (!Knows(id))
        {
            return;
        }

        var result = await ProcessRunner.RunAsync(new ProcessSpec(_runc, force ? ["delete", "--force", id] : ["delete", id]) { Timeout = Timeout }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && !result.Stderr.Contains("does not exist", StringComparison.Ordinal))
        {
            throw new HoistException(ErrorKind.Unavailable, $"runc could not delete container {id} (exit code {result.ExitCode})") { Details = result.Tail };
        }
    }

    /// <summary>False when runc surely has no container of this id: runc (run as root, with its default
    /// --root) keeps each container's state in /run/runc/ID. Saves a runc run (about 25 ms) when
    /// there is none, the usual case at a start.</summary>
    public static bool Knows(string id) => Directory.Exists(Path.Combine(StateRoot, id));

    /// <summary>True when the container is created and not yet started: its first process waits on the
    /// exec FIFO that runc keeps until `runc start` opens it.</summary>
    public static bool IsCreated(string id) => File.Exists(Path.Combine(StateRoot, id, "exec.fifo"));

    /// <summary>Starts a created container (its first process execs); false when runc refuses.</summary>
    public async Task<bool> StartAsync(string id, CancellationToken cancellationToken) =>
        (await ProcessRunner.RunAsync(new ProcessSpec(_runc, "start", id) { Timeout = Timeout }, cancellationToken).ConfigureAwait(false)).Succeeded;

    private const string StateRoot = "/run/runc";

    /// <summary>Freezes every process of the container (the cgroup freezer).</summary>
    public Task PauseAsync(string id, CancellationToken cancellationToken) => CheckedAsync(["pause", id], $"pausing {id}", cancellationToken);

    public Task ResumeAsync(string id, CancellationToken cancellationToken) => CheckedAsync(["resume", id], $"resuming {id}", cancellationToken);

    private Task CheckedAsync(string[] arguments, string what, CancellationToken cancellationToken) =>
        ProcessRunner.RunCheckedAsync(new ProcessSpec(_runc, arguments) { Timeout = Timeout }, what, cancellationToken);
}
