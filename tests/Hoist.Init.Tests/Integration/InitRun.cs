using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hoist.Init.Interop;
using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Integration;

/// <summary>
/// One run of the real hoist-init, as root, outside a container: its spec, logs, status file and notify
/// socket in a directory of the test. Every process of the run carries HOIST_TEST_RUN=TAG in its
/// environment, so that what is left behind can be found in /proc; disposing kills leftovers and then
/// fails the test if there were any.
/// </summary>
internal sealed class InitRun : IDisposable
{
    /// <summary>How hoist-init is started.</summary>
    public enum Launch
    {
        Direct,

        /// <summary>As pid 1 of a new pid namespace: unshare --pid --fork --mount-proc.</summary>
        PidNamespace,

        /// <summary>With SIGCHLD ignored, as a careless parent may leave it (inherited across exec).</summary>
        SigChldIgnored,
    }

    public const string TagVariable = "HOIST_TEST_RUN";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private InitRun(TempDirectory directory, string tag, Process process, int pid)
    {
        Directory = directory;
        Tag = tag;
        _process = process;
        Pid = pid;
    }

    public TempDirectory Directory { get; }

    public string Tag { get; }

    /// <summary>hoist-init's pid, as this test sees it (in a new pid namespace it is 1 inside).</summary>
    public int Pid { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>A service running <paramref name="exec"/>, with PATH set.</summary>
    public static ServicePlan Service(string name, params string[] exec) => new()
    {
        Name = name,
        Exec = exec,
        Environment = new Dictionary<string, string> { ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin" },
        StopTimeoutSeconds = 5,
    };

    /// <summary>A spec of <paramref name="services"/> whose logs, status and socket are in <paramref name="directory"/>.</summary>
    public static InitSpec Spec(TempDirectory directory, params ServicePlan[] services) => new()
    {
        App = "test",
        Services = services,
        LogDirectory = directory.Combine("logs"),
        StatusFile = directory.Combine("run", "status.json"),
        NotifySocket = directory.Combine("run", "notify.sock"),
        Restart = new RestartPolicy { InitialDelayMilliseconds = 100, MaxDelayMilliseconds = 1000 },
    };

    /// <summary>Starts hoist-init on <paramref name="spec"/>, the way <paramref name="launch"/> says; with
    /// <paramref name="standby"/>, its services wait for SIGUSR1.</summary>
    public static async Task<InitRun> StartAsync(TempDirectory directory, InitSpec spec, Launch launch = Launch.Direct, bool standby = false)
    {
        Prerequisites.RequireRoot();
        var binary = await HoistInitBinary.PathAsync();
        var tag = Guid.NewGuid().ToString("n");
        var tagged = new InitSpec
        {
            App = spec.App, LogDirectory = spec.LogDirectory, StatusFile = spec.StatusFile, NotifySocket = spec.NotifySocket,
            LogMaxBytes = spec.LogMaxBytes, LogKeep = spec.LogKeep, Restart = spec.Restart,
            Services = [.. spec.Services.Select(s => s with { Environment = new Dictionary<string, string>(s.Environment) { [TagVariable] = tag } })],
        };
        var specPath = directory.Combine("app.json");
        await File.WriteAllBytesAsync(specPath, JsonSerializer.SerializeToUtf8Bytes(tagged, SupervisionJson.Default.InitSpec));
        string[] command = launch switch
        {
            Launch.PidNamespace => [Prerequisites.RequireTool("unshare", "util-linux"), "--pid", "--fork", "--mount-proc", binary],
            Launch.SigChldIgnored => ["perl", "-e", "$SIG{CHLD} = 'IGNORE'; exec @ARGV or die $!", binary],
            _ => [binary],
        };
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { [TagVariable] = tag },
        };
        foreach (var argument in (string[])[.. command[1..], "--spec", specPath, .. standby ? ["--standby"] : Array.Empty<string>()])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var run = new InitRun(directory, tag, process, launch == Launch.PidNamespace ? await ChildOfAsync(process.Id) : process.Id);
        process.OutputDataReceived += (_, e) => run.Record(e.Data);
        process.ErrorDataReceived += (_, e) => run.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    private void Record(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>The status file as it is now; null when it does not exist yet.</summary>
    public InitStatus? Status()
    {
        var path = Directory.Combine("run", "status.json");
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), SupervisionJson.Default.InitStatus) : null;
    }

    /// <summary>Waits until the status satisfies <paramref name="condition"/>; fails the test with everything
    /// the run wrote when it does not within <paramref name="seconds"/>.</summary>
    public async Task<InitStatus> WaitForStatusAsync(Func<InitStatus, bool> condition, string what, double seconds = 15)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            if (Status() is { } status && condition(status))
            {
                return status;
            }

            await Task.Delay(20);
        }

        throw new Xunit.Sdk.XunitException($"no status with {what} within {seconds} s\n{Describe()}");
    }

    /// <summary>The service named <paramref name="name"/> in <paramref name="status"/>.</summary>
    public static ServiceStatus Of(InitStatus status, string name) => status.Services.Single(s => s.Name == name);

    /// <summary>The text of a log ("hoist-init" for hoist-init's own); empty when it does not exist.</summary>
    public string Log(string name = "hoist-init")
    {
        var path = Directory.Combine("logs", $"{name}.log");
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }

    /// <summary>Waits until the log holds <paramref name="text"/>; returns the log.</summary>
    public async Task<string> WaitForLogAsync(string name, string text, double seconds = 15)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var log = Log(name);
            if (log.Contains(text, StringComparison.Ordinal))
            {
                return log;
            }

            await Task.Delay(20);
        }

        throw new Xunit.Sdk.XunitException($"'{text}' not in {name}.log within {seconds} s\n{Describe()}");
    }

    public void Signal(int signal) => Assert.Equal(0, LibC.Kill(Pid, signal));

    /// <summary>Sends SIGTERM and waits for hoist-init (and unshare around it) to exit; returns the exit code.</summary>
    public async Task<int> StopAsync(double seconds = 30)
    {
        Signal(15);
        return await WaitForExitAsync(seconds);
    }

    public async Task<int> WaitForExitAsync(double seconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"hoist-init did not exit within {seconds} s\n{Describe()}");
        }

        return _process.ExitCode;
    }

    /// <summary>The processes of this run still alive (zombies have no environment and are not counted).</summary>
    public IReadOnlyList<int> Leftovers()
    {
        var needle = $"{TagVariable}={Tag}";
        var found = new List<int>();
        foreach (var directory in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid)
                && ProcFiles.TryRead(Path.Combine(directory, "environ")) is { } environ && environ.Contains(needle, StringComparison.Ordinal))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>Everything the run wrote: status, logs, hoist-init's output; for failure messages.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine($"--- status\n{(File.Exists(Directory.Combine("run", "status.json")) ? File.ReadAllText(Directory.Combine("run", "status.json")) : "(none)")}");
        if (System.IO.Directory.Exists(Directory.Combine("logs")))
        {
            foreach (var log in System.IO.Directory.GetFiles(Directory.Combine("logs")).Order(StringComparer.Ordinal))
            {
                text.AppendLine($"--- {Path.GetFileName(log)}\n{File.ReadAllText(log)}");
            }
        }

        lock (_output)
        {
            text.AppendLine($"--- hoist-init output\n{_output}");
        }

        return text.ToString();
    }

    private static async Task<int> ChildOfAsync(int parent)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < 10)
        {
            if (ProcFiles.Children(parent).FirstOrDefault() is > 0 and var child)
            {
                return child;
            }

            await Task.Delay(5);
        }

        throw new Xunit.Sdk.XunitException($"unshare (pid {parent}) started no child within 10 s");
    }

    /// <summary>Kills hoist-init if it still runs and every leftover process, then fails if there were leftovers.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            LibC.Kill(Pid, 9);
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        var left = Leftovers();
        var described = left.Count > 0 ? string.Join("; ", left.Select(p => $"{p} {ProcFiles.CommandLine(p)}")) : null;
        foreach (var pid in left)
        {
            LibC.Kill(pid, 9);
        }

        _process.Dispose();
        var log = described is null ? null : Describe();
        Directory.Dispose();
        if (described is not null)
        {
            throw new Xunit.Sdk.XunitException($"processes left behind: {described}\n{log}");
        }
    }
}
