using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Hoist.Cli.Fabric;
using Hoist.Core.Errors;
using Hoist.Core.Processes;
using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Fabric;
using Hoist.Fabric.Api;
using Hoist.Fabric.Client;
using Hoist.Library.Images;
using Hoist.Runtime.Apps;
using Hoist.Runtime.Network;

namespace Hoist.Cli.Lab;

/// <summary>
/// Brings a lab up and down on this machine (docs/fabric.md, The lab): a controller and N hosts, each a
/// network namespace on the lab's bridge with its own OS root (an image fetched from the controller's
/// library) and its own agent under a restart loop. Everything `up` makes, `down` removes, and a failed
/// `up` removes what it made.
/// </summary>
internal sealed class LabManager
{
    private readonly CliContext _context;
    private readonly LabLayout _layout;
    private readonly LabNetwork _network = new(LabLayout.Network);

    public LabManager(CliContext context)
    {
        _context = context;
        _layout = new LabLayout(context.Library.Home);
    }

    public LabLayout Layout => _layout;

    /// <summary>The lab as lab.json records it, or null when none is up.</summary>
    public LabState? Read()
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(_layout.StateFile), LabJson.Default.LabState);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Brings up a controller and <paramref name="hosts"/> hosts, the images taken in turn from
    /// <paramref name="images"/> (built first when this machine's library lacks them), and points the CLI
    /// at the controller. Throws <see cref="ErrorKind.AlreadyExists"/> when a lab is up.</summary>
    public async Task<LabState> UpAsync(int hosts, IReadOnlyList<string> images, int port, IProgressReporter progress, CancellationToken cancellationToken)
    {
        if (hosts is < 1 or > 50)
        {
            throw HoistException.InvalidArgument($"--hosts {hosts}: a lab has 1 to 50 hosts");
        }

        if (Read() is not null || Directory.Exists(_layout.Root))
        {
            throw HoistException.AlreadyExists("a lab is up already (or was left half made)", "see 'hoist lab status', or remove it with 'hoist lab down'");
        }

        // The lab's network is the machine's: another Hoist home's lab holds it.
        if ((await LabNamespacesAsync().ConfigureAwait(false)).FirstOrDefault() is { } taken)
        {
            throw HoistException.AlreadyExists(
                $"a lab of another Hoist home is up on this machine (its host {taken} has the namespace {LabLayout.Network.NamespacePrefix}{taken})",
                "bring it down with 'hoist lab down', run with the HOIST_HOME it was brought up with");
        }

        foreach (var image in images.Distinct())
        {
            if (_context.Library.Images.Find(image) is null)
            {
                var release = ImageBuilder.Releases.Contains(image) ? image : throw HoistException.NotFound($"image '{image}' is not in this machine's library", "build it with 'hoist image build NAME --release R', or use bookworm or trixie");
                await new ImageBuilder(_context.Library.Images).BuildAsync(new ImageBuildRequest(image, release), progress, cancellationToken).ConfigureAwait(false);
            }
        }

        Directory.CreateDirectory(_layout.Logs);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        try
        {
            progress.Phase($"making the lab's network ({LabLayout.Network.BridgeName}, {LabLayout.Network.Subnet})");
            await _network.EnsureBridgeAsync(cancellationToken).ConfigureAwait(false);
            var members = new List<LabHostState>();
            for (var i = 1; i <= hosts; i++)
            {
                var name = $"h{i}";
                var address = _network.AllocateAddress(members.Select(m => IPAddress.Parse(m.Address)));
                members.Add(new LabHostState { Name = name, Address = address.ToString(), Image = images[(i - 1) % images.Count], Root = _layout.HostRoot(name) });
            }

            // Recorded before anything runs, so that a failure from here on is undone by DownAsync.
            var url = $"http://{_network.BridgeAddress}:{port}";
            var state = new LabState { Controller = url, ControllerPid = 0, Bridge = LabLayout.Network.BridgeName, Hosts = members, Created = DateTimeOffset.UtcNow };
            Save(state);
            foreach (var member in members)
            {
                await _network.CreateHostNetworkAsync(member.Name, IPAddress.Parse(member.Address), cancellationToken).ConfigureAwait(false);
            }

            progress.Phase($"starting the controller at {url}");
            Directory.CreateDirectory(_layout.ControllerHome);
            var tokenFile = Path.Combine(_layout.ControllerHome, "token");
            await File.WriteAllTextAsync(tokenFile, token, cancellationToken).ConfigureAwait(false);
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            // Under a restart loop, as under systemd: a controller that dies comes back and resumes what it was doing.
            var controllerPid = await Daemon.StartAsync(
                [
                    "sh", "-c", "while :; do \"$@\"; echo \"controller exited with code $?; starting it again\"; sleep 1; done", "hoist-controller-loop",
                    .. ControllerProgram.Command(), "serve", "--home", _layout.ControllerHome, "--listen", url, "--listen", $"http://127.0.0.1:{port}",
                ],
                _layout.ControllerLog, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
            state = state with { ControllerPid = controllerPid };
            Save(state);
            using var client = new ControllerClient(new ControllerContext(new Uri(url), token));
            await WaitHealthyAsync(client, cancellationToken).ConfigureAwait(false);

            var pusher = new LibraryPusher(_context, client);
            foreach (var image in images.Distinct())
            {
                await pusher.PushImageAsync(image, progress, cancellationToken).ConfigureAwait(false);
            }

            progress.Phase($"starting {hosts} host{(hosts == 1 ? string.Empty : "s")}: each fetches its OS image from the controller's library");
            foreach (var member in members)
            {
                member.AgentPid = await StartAgentAsync(member, url, token, cancellationToken).ConfigureAwait(false);
            }

            Save(state);
            await WaitRegisteredAsync(client, members, progress, cancellationToken).ConfigureAwait(false);
            ControllerContext.Write(_context.Library.Home, new ControllerContextFile { Controller = $"http://127.0.0.1:{port}", Token = token, Owner = "lab" });
            progress.Done($"lab up: controller {url}, hosts {string.Join(", ", members.Select(m => $"{m.Name} ({m.Image}, {m.Address})"))}");
            return state;
        }
        catch
        {
            progress.Phase("the lab did not come up: removing what was made");
            await DownAsync(NullProgress.Instance).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Removes the lab of this Hoist home: its apps' containers, agents, controller, namespaces,
    /// veths, bridge, its directory and the context file. Finishes what an earlier down or a failed up left.
    /// Returns false when this home had no lab (a lab of another home is left alone).</summary>
    public async Task<bool> DownAsync(IProgressReporter progress)
    {
        var state = Read();
        var found = state is not null || Directory.Exists(_layout.Root);
        if (!found)
        {
            // Nothing of this home's: a lab of another home, if any, is left alone.
            return false;
        }

        var hosts = state?.Hosts ?? HostsOnDisk();
        progress.Phase("stopping the lab's apps, agents and controller");
        foreach (var host in hosts)
        {
            await Daemon.StopAsync(host.AgentPid, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }

        await RemoveContainersAsync(hosts.Select(h => h.Root)).ConfigureAwait(false);
        if (state is not null)
        {
            await Daemon.StopAsync(state.ControllerPid, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        progress.Phase("removing the lab's network");
        foreach (var name in await LabNamespacesAsync().ConfigureAwait(false))
        {
            await _network.RemoveHostNetworkAsync(name, CancellationToken.None).ConfigureAwait(false);
        }

        await _network.RemoveBridgeIfUnusedAsync(CancellationToken.None).ConfigureAwait(false);
        FileTree.Delete(_layout.Root);
        var context = ControllerContext.FileOf(_context.Library.Home);
        if (File.Exists(context) && File.ReadAllText(context).Contains("\"owner\":\"lab\"", StringComparison.Ordinal))
        {
            File.Delete(context);
        }

        return found;
    }

    private void Save(LabState state)
    {
        Directory.CreateDirectory(_layout.Root);
        File.WriteAllText(_layout.StateFile + ".tmp", JsonSerializer.Serialize(state, LabJson.Default.LabState));
        File.Move(_layout.StateFile + ".tmp", _layout.StateFile, overwrite: true);
    }

    // The agent runs in the host's network namespace only (nsenter --net): it shares this machine's mounts,
    // cgroups and runc with everything else, as an agent on a server of its own would have them.
    private async Task<int> StartAgentAsync(LabHostState host, string url, string token, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(host.Root);
        string[] agent =
        [
            "nsenter", $"--net={_network.NamespacePath(host.Name)}", Environment.ProcessPath!, "agent", "serve",
            "--controller", url, "--name", host.Name, "--root", host.Root, "--image", host.Image, "--address", host.Address,
        ];
        return await Daemon.StartAsync(
            ["sh", "-c", "while :; do \"$@\"; echo \"agent exited with code $?; starting it again\"; sleep 1; done", "hoist-agent-loop", .. agent],
            _layout.AgentLog(host.Name),
            new Dictionary<string, string> { [ControllerContext.TokenVariable] = token },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitHealthyAsync(ControllerClient client, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await client.IsHealthyAsync(cancellationToken).ConfigureAwait(false))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new HoistException(ErrorKind.Unavailable, $"the lab's controller did not answer at {client.Context.Url} within 60 s", $"see {_layout.ControllerLog}") { Details = Tail(_layout.ControllerLog) };
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitRegisteredAsync(ControllerClient client, IReadOnlyList<LabHostState> members, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var ready = (await client.HostsAsync(cancellationToken).ConfigureAwait(false)).Where(h => h.State == HostStates.Ready).Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
            var waiting = members.Where(m => !ready.Contains(m.Name)).ToList();
            if (waiting.Count == 0)
            {
                return;
            }

            progress.Status($"{members.Count - waiting.Count} of {members.Count} hosts registered; waiting for {string.Join(", ", waiting.Select(w => w.Name))}");

            // An agent that fails at its start (its restart loop says so) will not do better next time.
            var failed = waiting.FirstOrDefault(w => File.Exists(_layout.AgentLog(w.Name)) && File.ReadLines(_layout.AgentLog(w.Name)).Any(l => l.StartsWith("agent exited with code", StringComparison.Ordinal)));
            if (failed is not null || clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                var first = failed ?? waiting[0];
                throw new HoistException(ErrorKind.Unavailable, $"host {first.Name} of the lab did not register{(failed is null ? " within 3 minutes" : ": its agent failed")}", $"see {_layout.AgentLog(first.Name)}") { Details = Tail(_layout.AgentLog(first.Name)) };
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    // runc's containers of an agent's apps carry its home's tag in their ids (AppLayout.ContainerId).
    private static async Task RemoveContainersAsync(IEnumerable<string> roots)
    {
        var prefixes = roots.Select(r => new AppLayout(new HoistHome(r), "x").ContainerId[..^1]).ToList();
        if (prefixes.Count == 0 || Tools.Find("runc") is null)
        {
            return;
        }

        var list = await ProcessRunner.RunAsync(new ProcessSpec("runc", "list", "-q") { Timeout = TimeSpan.FromSeconds(30) }, CancellationToken.None).ConfigureAwait(false);
        foreach (var id in list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(id => prefixes.Any(p => id.StartsWith(p, StringComparison.Ordinal))))
        {
            await ProcessRunner.RunAsync(new ProcessSpec("runc", "delete", "--force", id) { Timeout = TimeSpan.FromSeconds(30) }, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private IReadOnlyList<LabHostState> HostsOnDisk()
    {
        var hosts = Path.Combine(_layout.Root, "hosts");
        return Directory.Exists(hosts)
            ? [.. Directory.EnumerateDirectories(hosts).Select(d => new LabHostState { Name = Path.GetFileName(d), Address = "-", Image = "-", Root = d })]
            : [];
    }

    private static async Task<IReadOnlyList<string>> LabNamespacesAsync()
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec("ip", "netns", "list") { Timeout = TimeSpan.FromSeconds(10) }, CancellationToken.None).ConfigureAwait(false);
        return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0])
            .Where(n => n.StartsWith(LabLayout.Network.NamespacePrefix, StringComparison.Ordinal))
            .Select(n => n[LabLayout.Network.NamespacePrefix.Length..])];
    }

    private static IReadOnlyList<string> Tail(string file) =>
        File.Exists(file) ? [.. File.ReadLines(file).TakeLast(10)] : [];
}
