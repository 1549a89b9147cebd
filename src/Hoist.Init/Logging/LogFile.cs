namespace Hoist.Init.Logging;

/// <summary>
/// A log file that rotates itself: NAME.log grows until the next line would take it past the size limit,
/// then NAME.log.(N-1) becomes NAME.log.N (the oldest one goes), NAME.log becomes NAME.log.1 and a new
/// NAME.log starts. Rotation happens between lines, never inside one (a single line longer than the limit
/// gets a file of its own). Safe to use from several threads. A write that fails (disk full) is dropped:
/// a service must never stall because its log cannot be written.
/// </summary>
internal sealed class LogFile : IDisposable
{
    private readonly Lock _lock = new();
    private readonly long _maxBytes;
    private readonly int _keep;
    private FileStream? _stream;
    private long _size;

    /// <summary>Opens (or creates) <paramref name="path"/> for appending.</summary>
    public LogFile(string path, long maxBytes, int keep)
    {
        Path = path;
        _maxBytes = Math.Max(1, maxBytes);
        _keep = Math.Max(0, keep);
        Open();
    }

    public string Path { get; }

    /// <summary>Appends complete lines (each ending with '\n'), rotating between them as needed.</summary>
    public void Append(ReadOnlySpan<byte> lines)
    {
        lock (_lock)
        {
            while (!lines.IsEmpty)
            {
                var fits = FittingLength(lines, _maxBytes - _size);
                if (fits == 0)
                {
                    Rotate();
                    fits = FittingLength(lines, _maxBytes);
                    // A line longer than the limit goes whole into the fresh file.
                    fits = fits == 0 ? LineLength(lines) : fits;
                }

                Write(lines[..fits]);
                lines = lines[fits..];
            }
        }
    }

    /// <summary>The length of the longest run of whole lines at the start of <paramref name="lines"/>
    /// that is at most <paramref name="room"/> bytes.</summary>
    private static int FittingLength(ReadOnlySpan<byte> lines, long room)
    {
        var length = 0;
        while (length < lines.Length)
        {
            var next = length + LineLength(lines[length..]);
            if (next > room)
            {
                break;
            }

            length = next;
        }

        return length;
    }

    private static int LineLength(ReadOnlySpan<byte> lines) =>
        lines.IndexOf((byte)'\n') is var newline and >= 0 ? newline + 1 : lines.Length;

    private void Write(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _stream?.Write(bytes);
            _size += bytes.Length;
        }
        catch (IOException)
        {
            // Dropped: see the class comment.
        }
    }

    private void Rotate()
    {
        _stream?.Dispose();
        _stream = null;
        try
        {
            if (_keep == 0)
            {
                File.Delete(Path);
            }
            else
            {
                File.Delete($"{Path}.{_keep}");
                for (var i = _keep - 1; i >= 1; i--)
                {
                    if (File.Exists($"{Path}.{i}"))
                    {
                        File.Move($"{Path}.{i}", $"{Path}.{i + 1}");
                    }
                }

                File.Move(Path, $"{Path}.1", overwrite: true);
            }
        }
        catch (IOException)
        {
            // A file that cannot be moved is appended to instead.
        }

        Open();
    }

    private void Open()
    {
        try
        {
            _stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            _size = _stream.Length;
        }
        catch (IOException)
        {
            _stream = null;
            _size = 0;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }
}
