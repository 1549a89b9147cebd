using System.Diagnostics;
using Hoist.Core.Processes;
using Hoist.Core.Progress;
using Hoist.Packaging.Manifests;
using Hoist.Sequencing.Analysis;
using Hoist.Sequencing.Capture;

namespace Hoist.Sequencing.Probing;

/// <summary>
/// Finds the ports a package's services listen on by starting them once, in dependency order, in
/// a throwaway environment with its own network namespace (see probe.sh), and reading that
/// namespace's socket tables after each start: the sockets that appear belong to the service just
/// started. Everything the services write is discarded with the probe's upper layer.
/// </summary>
internal sealed class PortProber
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(120);

    private readonly CaptureLayout _layout;
    private readonly string _imageRoot;
    private readonly TimeSpan _timeout;

    /// <param name="layout">The sequencing run's directories; the probe mounts the capture's changes from there.</param>
    /// <param name="imageRoot">The OS image the capture ran over.</param>
    /// <param name="timeout">How long a service may take to open its first port.</param>
    public PortProber(CaptureLayout layout, string imageRoot, TimeSpan timeout)
    {
        _layout = layout;
        _imageRoot = imageRoot;
        _timeout = timeout;
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

        var script = HelperScripts.Write(_layout.Session, HelperScripts.Probe);
        var spec = new ProcessSpec(Tools.Require("unshare", "util-linux"), [.. HelperScripts.UnshareArguments(ownNetwork: true), "/bin/sh", script])
        {
            DisplayName = "the port probe",
            KeepStdinOpen = true,
            Timeout = TimeSpan.FromMinutes(5),
            Environment = new Dictionary<string, string?>
            {
                ["HOIST_LOWER"] = _imageRoot,
                ["HOIST_UPPER"] = _layout.Upper,
                ["HOIST_PROBE_UPPER"] = _layout.ProbeUpper,
                ["HOIST_PROBE_WORK"] = _layout.ProbeWork,
                ["HOIST_MERGED"] = _layout.Merged,
                ["HOIST_SESSION"] = _layout.Session,
            },
        };
        var answers = System.Threading.Channels.Channel.CreateUnbounded<string>();
        await using var helper = ExternalProcess.Start(spec with { OnStdout = line => answers.Writer.TryWrite(line) });
        if (!await WaitForAsync(answers.Reader, helper, "ready", cancellationToken).ConfigureAwait(false))
        {
            notes.Add("the port probe could not start: " + string.Join(" | ", helper.Tail()));
            return new ProbeReport(ports, notes);
        }

        var seen = ProcNet.Listening(helper.Id);
        foreach (var (service, index) in launchable)
        {
            progress.Status($"starting {service.Name} once to see its ports");
            await helper.StandardInput.WriteLineAsync($"start {index}".AsMemory(), cancellationToken).ConfigureAwait(false);
            await helper.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
            await WaitForAsync(answers.Reader, helper, $"started {index} ", cancellationToken).ConfigureAwait(false);
            var opened = await WatchAsync(helper.Id, seen, cancellationToken).ConfigureAwait(false);
            seen = seen.Union(opened).ToHashSet();
            ports[service.Name] = ToPorts(opened);
            notes.Add(opened.Count == 0
                ? $"{service.Name}: opened no port within {_timeout.TotalSeconds:0.#} s{LogTail(index)}"
                : $"{service.Name}: listens on {string.Join(", ", opened.OrderBy(s => s.Port).Select(s => $"{s.Protocol} {Endpoint(s)}"))}");
        }

        await helper.StandardInput.WriteLineAsync("stop".AsMemory(), cancellationToken).ConfigureAwait(false);
        helper.StandardInput.Close();
        return new ProbeReport(ports, notes);
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

    // Waits for the first new socket, then until nothing new appears for a moment.
    private async Task<IReadOnlySet<ListeningSocket>> WatchAsync(int pid, IReadOnlySet<ListeningSocket> before, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var lastChange = TimeSpan.Zero;
        var opened = new HashSet<ListeningSocket>();
        while (clock.Elapsed < _timeout)
        {
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            var now = ProcNet.Listening(pid).Where(s => !before.Contains(s)).ToHashSet();
            if (now.Count != opened.Count)
            {
                opened = now;
                lastChange = clock.Elapsed;
            }
            else if (opened.Count > 0 && clock.Elapsed - lastChange >= Settle)
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
    private static async Task<bool> WaitForAsync(
        System.Threading.Channels.ChannelReader<string> answers, ExternalProcess helper, string prefix, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            while (answers.TryRead(out var line))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            if (helper.HasExited)
            {
                return false;
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }
}
