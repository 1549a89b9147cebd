using System.Buffers;

namespace Hoist.Init.Logging;

/// <summary>
/// Turns the bytes of one output stream into timestamped log lines. Bytes are copied as they are (no
/// decoding, so invalid UTF-8 survives); a line is stamped with the time its end was read. A partial
/// line waits for its end, up to <see cref="MaxLineBytes"/>, past which it is written as a line of its own.
/// </summary>
internal sealed class LineSplitter(LogFile log, string stream)
{
    public const int MaxLineBytes = 16 * 1024;

    private readonly byte[] _partial = new byte[MaxLineBytes];
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private int _partialLength;

    public LogFile Log => log;

    /// <summary>Takes the next bytes read from the stream; writes every line they complete.</summary>
    public void Feed(ReadOnlySpan<byte> data, DateTimeOffset now)
    {
        _output.ResetWrittenCount();
        Span<byte> prefix = stackalloc byte[LogLine.PrefixLength + 8];
        prefix = prefix[..LogLine.WritePrefix(now, stream, prefix)];
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var room = MaxLineBytes - _partialLength;
            if (newline >= 0 && newline <= room)
            {
                WriteLine(prefix, data[..newline]);
                data = data[(newline + 1)..];
                continue;
            }

            var take = Math.Min(newline >= 0 ? newline : data.Length, room);
            if (take == room)
            {
                // The line reached the limit: it is written as it stands, the rest starts a new one.
                WriteLine(prefix, data[..take]);
            }
            else
            {
                data[..take].CopyTo(_partial.AsSpan(_partialLength));
                _partialLength += take;
            }

            data = data[take..];
        }

        Flush();
    }

    /// <summary>The stream ended: a last line without newline is written as a line.</summary>
    public void Finish(DateTimeOffset now)
    {
        if (_partialLength == 0)
        {
            return;
        }

        _output.ResetWrittenCount();
        Span<byte> prefix = stackalloc byte[LogLine.PrefixLength + 8];
        WriteLine(prefix[..LogLine.WritePrefix(now, stream, prefix)], []);
        Flush();
    }

    private void WriteLine(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> rest)
    {
        _output.Write(prefix);
        _output.Write(_partial.AsSpan(0, _partialLength));
        _output.Write(rest);
        _output.Write("\n"u8);
        _partialLength = 0;
    }

    private void Flush()
    {
        if (_output.WrittenCount > 0)
        {
            log.Append(_output.WrittenSpan);
        }
    }
}
