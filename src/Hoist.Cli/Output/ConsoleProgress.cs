using System.Diagnostics;
using System.Globalization;
using Hoist.Core.Progress;

namespace Hoist.Cli.Output;

/// <summary>
/// Shows progress on stderr. On a terminal: one live status line at the bottom (phase, detail, a
/// bar when the amount is known, elapsed time), redrawn at most ten times a second, which program
/// output scrolls above. Otherwise: a line per phase, and a status line at most every few seconds.
/// Safe to call from several threads.
/// </summary>
public sealed class ConsoleProgress : IProgressReporter, IDisposable
{
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(3);

    private readonly TextWriter _writer;
    private readonly bool _live;
    private readonly Lock _gate = new();
    private readonly Stopwatch _phaseClock = new();
    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
    private string _phase = string.Empty;
    private string _status = string.Empty;
    private double? _fraction;
    private bool _drawn;

    public ConsoleProgress(TextWriter writer, bool live)
    {
        _writer = writer;
        _live = live;
    }

    /// <summary>Progress on stderr (written through <paramref name="error"/>), live when stderr is a terminal.</summary>
    public static ConsoleProgress ForStandardError(TextWriter error) => new(error, !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb");

    public void Phase(string text)
    {
        lock (_gate)
        {
            Clear();
            _phase = text;
            _status = string.Empty;
            _fraction = null;
            _phaseClock.Restart();
            if (_live)
            {
                Draw(force: true);
            }
            else
            {
                _writer.WriteLine($"==> {text}");
                _sinceDraw.Restart();
            }
        }
    }

    public void Status(string text)
    {
        lock (_gate)
        {
            _status = text;
            Tick();
        }
    }

    public void Advance(long done, long total)
    {
        lock (_gate)
        {
            _fraction = total > 0 ? Math.Clamp((double)done / total, 0, 1) : null;
            Tick();
        }
    }

    public void Output(string line)
    {
        lock (_gate)
        {
            Clear();
            _writer.WriteLine(line);
            if (_live)
            {
                Draw(force: true);
            }
        }
    }

    public void Done(string text)
    {
        lock (_gate)
        {
            Clear();
            _writer.WriteLine(_live ? $"✓ {text}" : $"    {text}");
            _phase = string.Empty;
            _status = string.Empty;
            _fraction = null;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            Clear();
        }
    }

    private void Tick()
    {
        if (_live)
        {
            Draw(force: false);
        }
        else if (_sinceDraw.Elapsed >= PlainEvery && (_status.Length > 0 || _fraction is not null))
        {
            var percent = _fraction is { } f ? string.Create(CultureInfo.InvariantCulture, $" {f * 100:0}%") : string.Empty;
            _writer.WriteLine($"    {_status}{percent}");
            _sinceDraw.Restart();
        }
    }

    private void Draw(bool force)
    {
        if (_phase.Length == 0 || (!force && _sinceDraw.Elapsed < RedrawEvery))
        {
            return;
        }

        var bar = _fraction is { } f
            ? string.Create(CultureInfo.InvariantCulture, $" [{new string('#', (int)(f * 20)),-20}] {f * 100,3:0}%")
            : string.Empty;
        var line = string.Create(CultureInfo.InvariantCulture, $"{_phase}{bar} {_phaseClock.Elapsed.TotalSeconds:0}s {_status}");
        var width = TerminalWidth();
        _writer.Write("\r\x1b[K" + (line.Length >= width ? line[..(width - 1)] : line));
        _writer.Flush();
        _drawn = true;
        _sinceDraw.Restart();
    }

    private static int TerminalWidth()
    {
        try
        {
            return Math.Max(Console.WindowWidth, 40);
        }
        catch (IOException)
        {
            return 100;
        }
    }

    private void Clear()
    {
        if (_drawn)
        {
            _writer.Write("\r\x1b[K");
            _drawn = false;
        }
    }
}
