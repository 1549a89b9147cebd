using System.Diagnostics;
using System.Text.Json;
using Hoist.Core.Errors;
using Hoist.Core.Processes;
using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Library.Packages;
using Hoist.Linux;
using Hoist.Linux.Net;
using Hoist.Linux.Proc;
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
        var host = _runtime.Hosts.Resolve(app.Host);

        // The quick way: a container made when the app stopped, from what is still current, its hoist-init
        // standing by; SIGUSR1 starts the services. Neither runc nor hoist-init has to start up.
        if (StandingBy(layout) is { } initPid && PreparedContainer.Read(layout) is { } prepared
            && prepared.Key == PreparedContainer.KeyOf(app, host, InitBinary()))
        {
            CheckReady(host);
            await CheckPortsAsync(prepared.Ports, host, cancellationToken).ConfigureAwait(false);
            progress.Phase($"starting {app.Name} on {host.Name} ({host.OsDescription})");
            if (ProcessSignal.Send(initPid, Signals.Parse("USR1")))
            {
                return await AfterStartAsync(app, layout, prepared, options, progress, cancellationToken).ConfigureAwait(false);
            }
        }

        var state = await _runtime.ContainerStateAsync(layout, cancellationToken).ConfigureAwait(false);
        if (state?.IsRunning == true)
        {
            return await new AppStatusReader(_runtime).ReadAsync(app, cancellationToken).ConfigureAwait(false);
        }

        // A container created for an earlier configuration, or left by a supervisor or runc that died:
        // it holds nothing, but runc knows it.
        await ForgetContainerAsync(layout, cancellationToken).ConfigureAwait(false);
        CheckReady(host);
        progress.Phase($"starting {app.Name} on {host.Name} ({host.OsDescription})");
        var created = await CreateContainerAsync(app, host, layout, standby: false, cancellationToken).ConfigureAwait(false);
        if (!await _runtime.Runc.StartAsync(layout.ContainerId, cancellationToken).ConfigureAwait(false))
        {
            await ForgetContainerAsync(layout, CancellationToken.None).ConfigureAwait(false);
            throw new HoistException(ErrorKind.Unavailable, $"the container of app {app.Name} did not start: runc start failed; nothing was left running or mounted")
            {
                Details = Tail(Path.Combine(layout.Run, "init.out"), 10),
            };
        }

        return await AfterStartAsync(app, layout, created, options, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes a stopped app's container ahead of its next start (config layer, bundle, root mounted,
    /// `runc create` and `runc start` of hoist-init in standby) and returns once hoist-init stands by, so
    /// that `hoist start` is one signal. Does nothing for an app that runs or whose container is ready
    /// already, or when another hoist holds the app. A failure is not an error: nothing is left, and the
    /// next start does it all and reports what is wrong.
    /// </summary>
    public async Task PrepareAsync(string name, CancellationToken cancellationToken)
    {
        var app = _runtime.Apps.Get(name);
        var layout = _runtime.Layout(app.Name);
        AppLock appLock;
        try
        {
            appLock = AppLock.TryTake(layout, "prepared");
        }
        catch (HoistException)
        {
            return;
        }

        using (appLock)
        {
            if (RuncDriver.Knows(layout.ContainerId))
            {
                return;
            }

            try
            {
                var host = _runtime.Hosts.Resolve(app.Host);
                CheckReady(host);
                await CreateContainerAsync(app, host, layout, standby: true, cancellationToken).ConfigureAwait(false);
                if (!await _runtime.Runc.StartAsync(layout.ContainerId, cancellationToken).ConfigureAwait(false)
                    || !await WaitStandingByAsync(layout, cancellationToken).ConfigureAwait(false))
                {
                    await ForgetContainerAsync(layout, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is HoistException or IOException or UnauthorizedAccessException)
            {
                await ForgetContainerAsync(layout, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Deletes a stopped app's container made ahead of its start (which mounts its state layer),
    /// so that the state layer can be replaced with nothing mounted on it; the next start makes it again.
    /// Throws <see cref="ErrorKind.FailedPrecondition"/> when the app runs or another hoist holds it.</summary>
    public async Task DiscardPreparedAsync(string name, CancellationToken cancellationToken)
    {
        var app = _runtime.Apps.Get(name);
        var layout = _runtime.Layout(app.Name);
        using var appLock = AppLock.TryTake(layout, "changed");
        if ((await _runtime.ContainerStateAsync(layout, cancellationToken).ConfigureAwait(false))?.IsRunning == true)
        {
            throw HoistException.FailedPrecondition($"app '{app.Name}' runs", "stop it first");
        }

        await ForgetContainerAsync(layout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the app's container, whatever its state, and what it was created from.</summary>
    internal async Task ForgetContainerAsync(AppLayout layout, CancellationToken cancellationToken)
    {
        PreparedContainer.Forget(layout);
        await _runtime.Runc.DeleteAsync(layout.ContainerId, force: true, cancellationToken).ConfigureAwait(false);
    }

    // The host pid of the app's hoist-init when it stands by (alive, its status file says so); else null.
    private static int? StandingBy(AppLayout layout)
    {
        try
        {
            var pid = int.Parse(File.ReadAllText(layout.PidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            return RuncDriver.Knows(layout.ContainerId) && Directory.Exists($"/proc/{pid}") && ReadStatus(layout.StatusFile)?.State == AppStates.Standby
                ? pid
                : null;
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return null;
        }
    }

    // hoist-init writes its standby status within milliseconds of its start; 10 s covers a machine under load.
    private static async Task<bool> WaitStandingByAsync(AppLayout layout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (StandingBy(layout) is null)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                return false;
            }

            await Task.Delay(2, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task<AppStatus> AfterStartAsync(AppRecord app, AppLayout layout, PreparedContainer prepared, StartOptions options, IProgressReporter progress, CancellationToken cancellationToken)
    {
        PreparedContainer.Forget(layout);

        // The index's part of the start goes on while the services start, on one thread: the desired
        // state (a commit that syncs the disk several times), then the package's record for the view
        // returned at ready. Two connections at once found the index busy now and then, and
        // Microsoft.Data.Sqlite then waits 150 ms before it tries again (4 starts of 15 took 190 ms, not
        // 70). The start returns, or fails, only once this is done.
        var index = Task.Run(
            () =>
            {
                _runtime.Apps.SetDesired(app.Name, "running");
                return _runtime.Library.Packages.Find(app.Package);
            },
            CancellationToken.None);
        AppStatus status;
        try
        {
            status = await WaitReadyAsync(app, layout, index, options.ReadyTimeout, prepared.Watch ? options.UnsignalledWatch : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await index.ConfigureAwait(false);
        }

        progress.Done($"{app.Name} is {status.State}");
        return status;
    }

    private static void CheckReady(HostContext host)
    {
        if (host.State != "ready")
        {
            throw HoistException.FailedPrecondition($"host {host.Name} is {host.State}", "wait until it is ready");
        }
    }

    // Checks the package against the host, writes the config layer and the bundle, mounts the root
    // and creates the container (hoist-init waits in it for `runc start`; with standby, it then waits
    // for SIGUSR1 to start the services).
    private async Task<PreparedContainer> CreateContainerAsync(AppRecord app, HostContext host, AppLayout layout, bool standby, CancellationToken cancellationToken)
    {
        var record = _runtime.Library.Packages.Get(app.Package.ToString());
        using var package = PackageFile.Open(record.Path);
        var manifest = package.Manifest;
        AppController.CheckCompatible(manifest, host);
        var values = ParameterValues.Resolve(manifest, app.Parameters);
        var ports = PortsToCheck(manifest, values);
        await CheckPortsAsync(ports, host, cancellationToken).ConfigureAwait(false);

        var layer = await _runtime.Layers.EnsureAsync(record.Path, manifest.Layer!.DiffId, cancellationToken).ConfigureAwait(false);
        layout.Create();
        var (passwd, group) = AppAccounts.Build(ReadHostFile(host, "/etc/passwd"), ReadHostFile(host, "/etc/group"), manifest);
        var noFile = NoFileHardLimit();
        var spec = InitSpecBuilder.Build(app.Name, manifest, values, passwd, group, noFile);
        var init = InitBinary();
        var key = PreparedContainer.KeyOf(app, host, init);
        ConfigLayer.Write(new ConfigLayerInputs(layout, manifest, values, layer, host.RootPath, host.Name, host.Address, init, spec, passwd, group));
        await File.WriteAllTextAsync(Path.Combine(layout.Bundle, "config.json"), OciConfig.Build(new BundleSpec(
            app.Name,
            Capabilities.ForContainer(spec.Services.Select(s => (s.Uid == 0, s.Capabilities))),
            noFile,
            host.NetworkNamespace,
            $"/hoist/{layout.ContainerId}",
            (manifest.Resources ?? new ResourceLimits()).With(app.Resources),
            layout.Logs,
            layout.Run,
            host.IsMachine ? [_runtime.Library.Home.Root] : [],
            standby)), cancellationToken).ConfigureAwait(false);
        File.Delete(layout.StatusFile);

        await RunContainerAsync(layout, [layout.Config, layer, host.RootPath], cancellationToken).ConfigureAwait(false);

        // A service with no sign of readiness (no port, no sd_notify) is "ready" once spawned: watch it
        // a moment, so that one that dies at once is reported now rather than found crash-looping later.
        var watch = spec.Services.Any(s => s.Readiness is null && s.Type is "simple" or "exec" or "idle");
        var prepared = new PreparedContainer(key, watch, ports);
        prepared.Write(layout);
        return prepared;
    }

    private async Task RunContainerAsync(AppLayout layout, string[] lowers, CancellationToken cancellationToken)
    {
        var script = Path.Combine(layout.Root, "start.sh");
        await using (var resource = typeof(AppStarter).Assembly.GetManifestResourceStream("start.sh")!)
        await using (var file = File.Create(script))
        {
            await resource.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }

        // runc writes the pid file through a temporary ".NAME" beside it, and refuses to start when that
        // exists: a runc killed in between leaves it.
        File.Delete(layout.PidFile);
        File.Delete(Path.Combine(Path.GetDirectoryName(layout.PidFile)!, "." + Path.GetFileName(layout.PidFile)));
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

    private async Task<AppStatus> WaitReadyAsync(AppRecord app, AppLayout layout, Task<PackageRecord?> package, TimeSpan timeout, TimeSpan watch, CancellationToken cancellationToken)
    {
        var reader = new AppStatusReader(_runtime);
        var clock = Stopwatch.StartNew();
        var initPid = int.Parse(File.ReadAllText(layout.PidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        // Watched before the first read: a status written in between ends the first wait at once.
        using var statusWatch = FileWatch.TryStart(layout.StatusFile);
        while (true)
        {
            var init = ReadStatus(layout.StatusFile);
            var failing = init?.Services.FirstOrDefault(s => s.State is ServiceStates.CrashLooping or ServiceStates.Failed or ServiceStates.Restarting || s.Restarts > 0);
            var ready = init?.State == AppStates.Running && clock.Elapsed >= watch;
            if (ready || failing is not null || !Directory.Exists($"/proc/{initPid}") || clock.Elapsed > timeout)
            {
                // Ready, and its supervisor alive: the container runs, no need to ask runc.
                var known = ready && failing is null && Directory.Exists($"/proc/{initPid}") ? new ContainerState("running", initPid) : null;
                reader.Know(app.Package, await package.ConfigureAwait(false));
                var status = await reader.ReadAsync(app, known, cancellationToken).ConfigureAwait(false);
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

            // Done while the services start rather than after: the view returned at ready needs them.
            reader.LookAhead(init, initPid);
            await InitStatusWait.NextAsync(statusWatch, clock.Elapsed, timeout, watch, cancellationToken).ConfigureAwait(false);
        }
    }

    // The ports the app's services will listen on (with the values set), each with the parameter that
    // moves it, if any.
    private static List<(int Port, string Protocol, string? Parameter)> PortsToCheck(PackageManifest manifest, ParameterValues values) =>
        [.. manifest.Services.SelectMany(s => s.Ports).Select(port => (
            values.EffectivePort(port.Port),
            port.Protocol,
            manifest.Parameters.FirstOrDefault(p => p.Default == port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))?.Name))];

    private static async Task CheckPortsAsync(IReadOnlyList<(int Port, string Protocol, string? Parameter)> ports, HostContext host, CancellationToken cancellationToken)
    {
        if (ports.Count == 0)
        {
            return;
        }

        // On this machine's network, trying to bind each port answers at once; the socket tables of
        // /proc/net cost milliseconds to read (the kernel walks its whole connection table).
        var listening = host.NetworkNamespace is null ? null : await host.ListeningAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (port, protocol, parameter) in ports)
        {
            if (listening is null ? PortProbe.IsTaken(port, protocol == "udp") : listening.Any(l => l.Port == port && l.Protocol == protocol))
            {
                throw HoistException.FailedPrecondition(
                    $"port {port}/{protocol} is already in use on host {host.Name}",
                    parameter is null ? "stop what uses it" : $"stop what uses it, or add the app again with --set {parameter}=ANOTHER_PORT");
            }
        }
    }

    internal static InitStatus? ReadStatus(string path)
    {
        try
        {
            return InitStatusReader.Read(File.ReadAllBytes(path));
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
