using System.Diagnostics;
using System.Text.Json;
using Hoist.Core.Errors;
using Hoist.Core.Processes;
using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Packaging.Files;
using Hoist.Packaging.Manifests;
using Hoist.Runtime.Runc;
using Hoist.Supervision;

namespace Hoist.Runtime.Apps;

/// <summary>
/// Starts an app: checks its host, writes its config layer and OCI bundle, starts its container with
/// hoist-init inside, and waits until hoist-init reports every service ready (or one failing).
/// </summary>
public sealed class AppStarter
{
    private readonly AppRuntime _runtime;

    public AppStarter(AppRuntime runtime) => _runtime = runtime;

    /// <summary>
    /// Starts the app and returns once every service is ready. Refuses (<see cref="ErrorKind.FailedPrecondition"/>)
    /// an incompatible host (with `hoist package check`'s exit code), a port already in use on the host,
    /// an app another hoist is starting or stopping. When a service fails or crash-loops, throws with its
    /// last log lines; the app keeps running, and hoist-init keeps restarting the service.
    /// </summary>
    public async Task<AppStatus> StartAsync(string name, StartOptions options, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var app = _runtime.Apps.Get(name);
        using var appLock = AppLock.TryTake(_runtime.Layout(app.Name), "started");
        return await StartLockedAsync(app, options, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><see cref="StartAsync"/>, for a caller that holds the app's lock.</summary>
    internal async Task<AppStatus> StartLockedAsync(AppRecord app, StartOptions options, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var layout = _runtime.Layout(app.Name);
        var state = await _runtime.Runc.StateAsync(layout.ContainerId, cancellationToken).ConfigureAwait(false);
        if (state?.IsRunning == true)
        {
            return await new AppStatusReader(_runtime).ReadAsync(app, cancellationToken).ConfigureAwait(false);
        }

        // A container left by a supervisor or runc that died: it holds nothing, but runc knows it.
        await _runtime.Runc.DeleteAsync(layout.ContainerId, force: true, cancellationToken).ConfigureAwait(false);
        var host = _runtime.Hosts.Resolve(app.Host);
        if (host.State != "ready")
        {
            throw HoistException.FailedPrecondition($"host {host.Name} is {host.State}", "wait until it is ready");
        }

        var record = _runtime.Library.Packages.Get(app.Package.ToString());
        using var package = PackageFile.Open(record.Path);
        var manifest = package.Manifest;
        AppController.CheckCompatible(manifest, host);
        var values = ParameterValues.Resolve(manifest, app.Parameters);
        await CheckPortsAsync(manifest, values, host, cancellationToken).ConfigureAwait(false);

        progress.Phase($"starting {app.Name} on {host.Name} ({host.OsDescription})");
        var layer = await _runtime.Layers.EnsureAsync(record.Path, manifest.Layer!.DiffId, cancellationToken).ConfigureAwait(false);
        layout.Create();
        var (passwd, group) = AppAccounts.Build(ReadHostFile(host, "/etc/passwd"), ReadHostFile(host, "/etc/group"), manifest);
        var noFile = NoFileHardLimit();
        var spec = InitSpecBuilder.Build(app.Name, manifest, values, passwd, group, noFile);
        ConfigLayer.Write(new ConfigLayerInputs(layout, manifest, values, layer, host.RootPath, host.Name, host.Address, InitBinary(), spec, passwd, group));
        await File.WriteAllTextAsync(Path.Combine(layout.Bundle, "config.json"), OciConfig.Build(new BundleSpec(
            app.Name,
            Capabilities.ForContainer(spec.Services.Select(s => (s.Uid == 0, s.Capabilities))),
            noFile,
            host.NetworkNamespace,
            $"/hoist/{layout.ContainerId}",
            (manifest.Resources ?? new ResourceLimits()).With(app.Resources),
            layout.Logs,
            layout.Run,
            host.IsMachine ? [_runtime.Library.Home.Root] : [])), cancellationToken).ConfigureAwait(false);
        File.Delete(layout.StatusFile);

        await RunContainerAsync(layout, [layout.Config, layer, host.RootPath], cancellationToken).ConfigureAwait(false);
        _runtime.Apps.SetDesired(app.Name, "running");
        // A service with no sign of readiness (no port, no sd_notify) is "ready" once spawned: watch it
        // a moment, so that one that dies at once is reported now rather than found crash-looping later.
        var watch = spec.Services.Any(s => s.Readiness is null && s.Type is "simple" or "exec" or "idle") ? options.UnsignalledWatch : TimeSpan.Zero;
        var status = await WaitReadyAsync(app, layout, options.ReadyTimeout, watch, cancellationToken).ConfigureAwait(false);
        progress.Done($"{app.Name} is {status.State}");
        return status;
    }

    private async Task RunContainerAsync(AppLayout layout, string[] lowers, CancellationToken cancellationToken)
    {
        var script = Path.Combine(layout.Root, "start.sh");
        await using (var resource = typeof(AppStarter).Assembly.GetManifestResourceStream("start.sh")!)
        await using (var file = File.Create(script))
        {
            await resource.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }

        var output = Path.Combine(layout.Run, "init.out");
        var result = await ProcessRunner.RunAsync(
            new ProcessSpec(
                Tools.Require("unshare", "util-linux"), "--mount", "--propagation", "private", "--", "/bin/sh", script,
                string.Join(':', lowers), layout.StateUpper, layout.StateWork, layout.Bundle, layout.ContainerId, layout.PidFile, output)
            {
                DisplayName = "runc",
                Timeout = TimeSpan.FromMinutes(1),
            },
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            // Whatever runc left (a created container, its cgroups) goes; the mount went with the helper.
            await _runtime.Runc.DeleteAsync(layout.ContainerId, force: true, CancellationToken.None).ConfigureAwait(false);
            var why = result.ExitCode > 128 ? $"was killed by signal {result.ExitCode - 128}" : $"exited with code {result.ExitCode}";
            throw new HoistException(ErrorKind.Unavailable, $"the container of app {layout.App} did not start: runc {why}; nothing was left running or mounted")
            {
                Details = [.. result.Tail, .. Tail(output, 10)],
            };
        }
    }

    private async Task<AppStatus> WaitReadyAsync(AppRecord app, AppLayout layout, TimeSpan timeout, TimeSpan watch, CancellationToken cancellationToken)
    {
        var reader = new AppStatusReader(_runtime);
        var clock = Stopwatch.StartNew();
        var initPid = int.Parse(File.ReadAllText(layout.PidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        while (true)
        {
            var init = ReadStatus(layout.StatusFile);
            var failing = init?.Services.FirstOrDefault(s => s.State is ServiceStates.CrashLooping or ServiceStates.Failed or ServiceStates.Restarting || s.Restarts > 0);
            var ready = init?.State == AppStates.Running && clock.Elapsed >= watch;
            if (ready || failing is not null || !Directory.Exists($"/proc/{initPid}") || clock.Elapsed > timeout)
            {
                var status = await reader.ReadAsync(app, cancellationToken).ConfigureAwait(false);
                if (status.State == AppStates.Running)
                {
                    return status;
                }

                var service = failing?.Name ?? init?.Services.FirstOrDefault(s => s.State != ServiceStates.Ready)?.Name;
                var what = failing is not null ? $"service {failing.Name} is {failing.State}: {failing.Message}"
                    : !Directory.Exists($"/proc/{initPid}") ? "its supervisor exited"
                    : $"it was not ready within {timeout.TotalSeconds:0} s ({service ?? "no service"} is {init?.Services.FirstOrDefault(s => s.Name == service)?.State ?? "not started"})";
                throw new HoistException(ErrorKind.FailedPrecondition, $"app {app.Name} started, but {what}", $"see 'hoist logs {app.Name}'")
                {
                    Details = Tail(Path.Combine(layout.Logs, (service ?? "hoist-init") + ".log"), 8),
                };
            }

            // A small file read every 2 ms: the wait ends within 2 ms of readiness, at a negligible cost.
            await Task.Delay(2, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CheckPortsAsync(PackageManifest manifest, ParameterValues values, HostContext host, CancellationToken cancellationToken)
    {
        var listening = await host.ListeningAsync(cancellationToken).ConfigureAwait(false);
        foreach (var port in manifest.Services.SelectMany(s => s.Ports))
        {
            var effective = values.EffectivePort(port.Port);
            if (listening.Any(l => l.Port == effective && l.Protocol == port.Protocol))
            {
                var parameter = manifest.Parameters.FirstOrDefault(p => p.Default == port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
                throw HoistException.FailedPrecondition(
                    $"port {effective}/{port.Protocol} is already in use on host {host.Name}",
                    parameter is null ? "stop what uses it" : $"stop what uses it, or add the app again with --set {parameter.Name}=ANOTHER_PORT");
            }
        }
    }

    internal static InitStatus? ReadStatus(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), SupervisionJson.Default.InitStatus);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    internal static IReadOnlyList<string> Tail(string path, int lines) =>
        File.Exists(path) ? File.ReadLines(path).TakeLast(lines).ToList() : [];

    private static string ReadHostFile(HostContext host, string path)
    {
        var file = RootPath.Resolve(host.RootPath, path);
        return File.Exists(file) ? File.ReadAllText(file) : string.Empty;
    }

    private string InitBinary() =>
        File.Exists(_runtime.Options.InitBinary)
            ? _runtime.Options.InitBinary
            : throw HoistException.Unavailable($"hoist-init is missing at {_runtime.Options.InitBinary}", "build it with ./hoist --version (or set HOIST_INIT)");

    // The hard RLIMIT_NOFILE of this process: a container may not ask for more, or runc fails with
    // "operation not permitted" (the hard limit is 20000 on the machines Hoist is tested on).
    private static long NoFileHardLimit()
    {
        var line = File.ReadLines("/proc/self/limits").First(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.TryParse(fields[4], out var hard) ? Math.Min(hard, 1 << 20) : 1024;
    }
}
