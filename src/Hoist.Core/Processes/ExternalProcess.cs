using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Hoist.Core.Errors;

namespace Hoist.Core.Processes;

/// <summary>
/// A running external program. Its output is read line by line as it comes (passed to the spec's
/// callbacks, captured, and the last lines kept for error messages). Disposing it kills the
/// program and everything it started, so that nothing outlives an operation by accident.
/// </summary>
public sealed class ExternalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessSpec _spec;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Queue<string> _tail = new();
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _readers;

    private ExternalProcess(Process process, ProcessSpec spec)
    {
        _process = process;
        _spec = spec;
        _readers = Task.WhenAll(
            PumpAsync(process.StandardOutput, spec.OnStdout, spec.CaptureStdout ? _stdout : null),
            PumpAsync(process.StandardError, spec.OnStderr, _stderr));
    }

    /// <summary>The program's process id, as seen from this machine's root pid namespace.</summary>
    public int Id => _process.Id;

    /// <summary>What messages call the program: the spec's display name, or its file name.</summary>
    public string Name => _spec.DisplayName ?? $"'{Path.GetFileName(_spec.FileName)}'";

    /// <summary>The child's stdin; only open when the spec set <see cref="ProcessSpec.KeepStdinOpen"/>.</summary>
    public StreamWriter StandardInput => _process.StandardInput;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the program. Throws <see cref="ErrorKind.Unavailable"/> when it cannot be found or run.</summary>
    public static ExternalProcess Start(ProcessSpec spec)
    {
        var info = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? string.Empty,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (spec.ClearEnvironment)
        {
            info.Environment.Clear();
        }

        foreach (var (key, value) in spec.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {spec.FileName}");
        }
        catch (Win32Exception e)
        {
            throw HoistException.Unavailable(
                $"cannot run '{spec.FileName}': {e.Message}",
                "install what Hoist needs with ./install.sh");
        }

        var running = new ExternalProcess(process, spec);
        if (spec.StandardInput is not null)
        {
            process.StandardInput.Write(spec.StandardInput);
            process.StandardInput.Close();
        }
        else if (!spec.KeepStdinOpen)
        {
            process.StandardInput.Close();
        }

        return running;
    }

    /// <summary>
    /// Waits for the program to exit. On cancellation or when the spec's timeout passes, kills the
    /// program's whole process tree, waits for it to go, and then throws: the cancellation, or
    /// <see cref="ErrorKind.Unavailable"/> for the timeout.
    /// </summary>
    public async Task<ProcessResult> WaitAsync(CancellationToken cancellationToken)
    {
        var remaining = _spec.Timeout - _clock.Elapsed;
        using var timeout = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await KillAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new HoistException(
                ErrorKind.Unavailable,
                $"{Name} did not finish within {Format(_spec.Timeout)} and was killed",
                "look at its output above; if it is only slow, raise the timeout")
            {
                Details = Tail(),
            };
        }

        await _readers.ConfigureAwait(false);
        lock (_gate)
        {
            return new ProcessResult(_process.ExitCode, _stdout.ToString(), _stderr.ToString(), [.. _tail], _clock.Elapsed);
        }
    }

    /// <summary>Kills the program and every process it started, then waits until it is gone.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await _readers.ConfigureAwait(false);
    }

    /// <summary>Gives the program <paramref name="grace"/> to exit on its own (after it was asked to,
    /// through its input for instance), then kills it and everything it started.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        using var wait = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Did not exit in time.
        }

        await KillAsync().ConfigureAwait(false);
    }

    /// <summary>The last output lines so far.</summary>
    public IReadOnlyList<string> Tail()
    {
        lock (_gate)
        {
            return [.. _tail];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader, Action<string>? onLine, StringBuilder? capture)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_gate)
            {
                capture?.Append(line).Append('\n');
                if (_spec.TailLines > 0)
                {
                    if (_tail.Count == _spec.TailLines)
                    {
                        _tail.Dequeue();
                    }

                    _tail.Enqueue(line);
                }
            }

            onLine?.Invoke(line);
        }
    }

    private static string Format(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds}s" : $"{span.TotalSeconds:0.#}s";
}
