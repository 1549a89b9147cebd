using System.Text;
using Hoist.Init.Logging;

namespace Hoist.Init.Tests.Logging;

public sealed class LogLineTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 25, 11, 40, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Format_Event_UtcMillisecondsStreamText()
    {
        Assert.Equal("2026-11-25T11:40:00.123Z out redis-server: started, pid 12\n", LogLine.Format(Time, LogLine.Out, "redis-server: started, pid 12"));
    }

    [Fact]
    public void Format_LocalOffset_WrittenInUtc()
    {
        Assert.StartsWith("2026-11-25T11:40:00.123Z err ", LogLine.Format(Time.ToOffset(TimeSpan.FromHours(2)), LogLine.Err, "x"));
    }

    [Fact]
    public void WritePrefix_SameAsFormat()
    {
        Span<byte> buffer = stackalloc byte[64];

        var length = LogLine.WritePrefix(Time, LogLine.Err, buffer);

        Assert.Equal(LogLine.PrefixLength, length);
        Assert.Equal("2026-11-25T11:40:00.123Z err ", Encoding.ASCII.GetString(buffer[..length]));
    }

    [Fact]
    public void TryParse_FormattedLine_RoundTrips()
    {
        var parsed = LogLine.TryParse(LogLine.Format(Time, LogLine.Err, "disk full").TrimEnd('\n'), out var time, out var stream, out var text);

        Assert.True(parsed);
        Assert.Equal((Time, "err", "disk full"), (time, stream, text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello world")]
    [InlineData("2026-11-25T11:40:00.123Z xxx text")]
    [InlineData("2026-13-25T11:40:00.123Z out text")]
    public void TryParse_NotALogLine_False(string line)
    {
        Assert.False(LogLine.TryParse(line, out _, out _, out _));
    }
}
