using System.Diagnostics;
using System.Threading.Channels;
using Hoist.Core.Processes;
using Hoist.Core.Progress;
using Hoist.Linux.Proc;
using Hoist.Packaging.Manifests;
using Hoist.Sequencing.Capture;
using Hoist.Supervision;

namespace Hoist.Sequencing.Probing;

/// <summary>
/// Finds the ports a package's services listen on by starting them once, in dependency order, in
/// a throwaway environment with its own network namespace (see probe.sh), and reading that
/// namespace's socket tables after each start: the sockets that appear belong to the service just
/// started. Everything the services write is discarded with the probe's upper layer.
/// </summary>
internal sealed class PortProber : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);

    // A service opens its sockets in one burst as it starts (redis's two came 18 ms apart, 20 to 45 ms
    // after its start). The wait ends 10 ms after the last new socket once every process of the probe
    // sleeps (the service waits for clients), or 50 ms after it in any case.
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(50);

    // However busy the machine, a service gets at most this long to open its first port.
    private static readonly TimeSpan HardLimit = TimeSpan.FromSeconds(60);

    private readonly CaptureLayout _layout;
    private readonly TimeSpan _timeout;
    private readonly ExternalProcess _helper;
    private readonly Channel<string> _answers = Channel.CreateUnbounded<string>();

    private PortProber(CaptureLayout layout, string imageRoot, TimeSpan timeout)
    {
        _layout = layout;
        _timeout = timeout;
        var script = HelperScripts.Write(layout.Session, HelperScripts.Probe);
        _helper = ExternalProcess.Start(new ProcessSpec(Tools.Require("unshare", "util-linux"), [.. HelperScripts.UnshareArguments(ownNetwork: true), "/bin/sh", script])
        {
            DisplayName = "the port probe",
            KeepStdinOpen = true,
            Timeout = TimeSpan.FromMinutes(5),
            OnStdout = line => _answers.Writer.TryWrite(line),
            Environment = layout.HelperEnvironment(imageRoot),
        });
    }

    /// <summary>Starts the probe's namespaces, in standby until <see cref="MountAsync"/>: they come up
    /// while the installer runs. Disposing the prober kills them and the services started in them.</summary>
    /// <param name="layout">The sequencing run's directories; the probe mounts the capture's changes from there.</param>
    /// <param name="imageRoot">The OS image the capture ran over.</param>
    /// <param name="timeout">How long a service may sit idle (every process asleep) without opening a port.</param>
    public static PortProber Start(CaptureLayout layout, string imageRoot, TimeSpan timeout) => new(layout, imageRoot, timeout);

    /// <summary>Mounts the probe's root over the capture's changes, which must be final: call it once
    /// the installer has finished. Returns without waiting for the mounts.</summary>
    public async Task MountAsync(CancellationToken cancellationToken)
    {
        await _helper.StandardInput.WriteLineAsync("mount".AsMemory(), cancellationToken).ConfigureAwait(false);
        await _helper.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts each service and returns the ports it opened. A service that cannot be started
    /// or opens nothing gives a note, not an error.</summary>
    public async Task<ProbeReport> ProbeAsync(
        IReadOnlyList<ServiceSpec> services, Func<string, string?> readFile, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var ports = new Dictionary<string, IReadOnlyList<PortSpec>>(StringComparer.Ordinal);
        var notes = new List<string>();
        var launchable = WriteLaunchScripts(services, readFile, notes);
        if (launchable.Count == 0)
        {
            return new ProbeReport(ports, notes);
        }

        if (!await WaitForAsync("ready", cancellationToken).ConfigureAwait(false))
        {
            notes.Add("the port probe could not start: " + string.Join(" | ", _helper.Tail()));
            return new ProbeReport(ports, notes);
        }

        var seen = ProcNet.Listening(_helper.Id);
        foreach (var (service, index) in launchable)
        {
            progress.Status($"starting {service.Name} once to see its ports");
            await _helper.StandardInput.WriteLineAsync($"start {index}".AsMemory(), cancellationToken).ConfigureAwait(false);
            await _helper.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
            var opened = await WatchAsync(_helper.Id, seen, cancellationToken).ConfigureAwait(false);
            seen = seen.Union(opened).ToHashSet();
            ports[service.Name] = ToPorts(opened);
            notes.Add(opened.Count == 0
                ? $"{service.Name}: opened no port (idle {_timeout.TotalSeconds:0.#} s without one){LogTail(index)}"
                : $"{service.Name}: listens on {string.Join(", ", opened.OrderBy(s => s.Port).Select(s => $"{s.Protocol} {Endpoint(s)}"))}");
        }

        // The helper is pid 1 of its namespace: when it exits, the kernel ends every service in it.
        await _helper.StandardInput.WriteLineAsync("stop".AsMemory(), cancellationToken).ConfigureAwait(false);
        _helper.StandardInput.Close();
        return new ProbeReport(ports, notes);
    }

    /// <summary>Lets a probe that was told to stop exit by itself (a tree kill must walk /proc), and
    /// kills it otherwise.</summary>
    public async ValueTask DisposeAsync()
    {
        await _helper.StopAsync(_helper.StandardInput.BaseStream.CanWrite ? TimeSpan.Zero : TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        await _helper.DisposeAsync().ConfigureAwait(false);
    }

    private List<(ServiceSpec Service, int Index)> WriteLaunchScripts(IReadOnlyList<ServiceSpec> services, Func<string, string?> readFile, List<string> notes)
    {
        var passwd = readFile("/etc/passwd") ?? string.Empty;
        var groups = readFile("/etc/group") ?? string.Empty;
        var launchable = new List<(ServiceSpec, int)>();
        foreach (var (service, index) in services.Select((s, i) => (s, i)))
        {
            var (identity, problem) = ServiceIdentity.Resolve(service.User, service.Group, service.SupplementaryGroups, passwd, groups);
            if (identity is null)
            {
                notes.Add($"{service.Name}: not started to look for ports: {problem}");
                continue;
            }

            var home = passwd.Split('\n').Select(l => l.Split(':')).FirstOrDefault(f => f.Length >= 7 && f[0] == service.User)?[5];
            var environment = ServiceLaunchScript.BaseEnvironment(service, home);
            foreach (var file in service.EnvironmentFiles)
            {
                var text = readFile(file.TrimStart('-'));
                if (text is not null)
                {
                    foreach (var (key, value) in EnvironmentFile.Parse(text))
                    {
                        environment[key] = value;
                    }
                }
            }

            File.WriteAllText(
                Path.Combine(_layout.Session, $"service-{index}.sh"),
                ServiceLaunchScript.Build(_layout.Merged, service, identity, environment));
            launchable.Add((service, index));
        }

        return launchable;
    }

    // Waits for the first new socket, then until nothing new appears for a moment. The time allowed
    // for the first socket counts only while every process of the probe sleeps: on a loaded machine
    // a service that is still working (running, or waiting for the disk) is given more time, up to
    // the hard limit; one that sits idle without a port for that long will not open one.
    private async Task<IReadOnlySet<ListeningSocket>> WatchAsync(int pid, IReadOnlySet<ListeningSocket> before, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var idle = TimeSpan.Zero;
        var lastPoll = TimeSpan.Zero;
        var lastChange = TimeSpan.Zero;
        var opened = new HashSet<ListeningSocket>();
        while (clock.Elapsed < HardLimit && (opened.Count > 0 || idle < _timeout))
        {
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            var now = ProcNet.Listening(pid).Where(s => !before.Contains(s)).ToHashSet();
            var asleep = ProcessTree.IsAsleep(pid);
            idle += asleep ? clock.Elapsed - lastPoll : TimeSpan.Zero;
            lastPoll = clock.Elapsed;
            if (now.Count != opened.Count)
            {
                opened = now;
                lastChange = clock.Elapsed;
            }
            else if (opened.Count > 0
                && (clock.Elapsed - lastChange >= Settle || (clock.Elapsed - lastChange >= Quiet && asleep)))
            {
                break;
            }
        }

        return opened;
    }

    private static List<PortSpec> ToPorts(IEnumerable<ListeningSocket> sockets) =>
        [.. sockets.GroupBy(s => (s.Protocol, s.Port))
            .OrderBy(g => g.Key.Port).ThenBy(g => g.Key.Protocol, StringComparer.Ordinal)
            .Select(g => new PortSpec { Port = g.Key.Port, Protocol = g.Key.Protocol, Addresses = [.. g.Select(s => s.Address).Distinct().Order(StringComparer.Ordinal)] })];

    private static string Endpoint(ListeningSocket socket) =>
        socket.Address.Contains(':') ? $"[{socket.Address}]:{socket.Port}" : $"{socket.Address}:{socket.Port}";

    private string LogTail(int index)
    {
        var log = Path.Combine(_layout.Session, $"service-{index}.log");
        var lines = File.Exists(log) ? File.ReadAllLines(log).TakeLast(3).ToArray() : [];
        return lines.Length == 0 ? string.Empty : "; its last output: " + string.Join(" | ", lines);
    }

    // Reads the helper's answers until one starts with the prefix; false when the helper exits first
    // or nothing comes for 30 s.
    private async Task<bool> WaitForAsync(string prefix, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            while (_answers.Reader.TryRead(out var line))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            if (_helper.HasExited)
            {
                return false;
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }
}
