using System.Text;
using Hoist.Init.Logging;
using Hoist.Testing;

namespace Hoist.Init.Tests.Logging;

public sealed class LineSplitterTests : IDisposable
{
    private static readonly DateTimeOffset First = new(2026, 11, 25, 11, 40, 0, 100, TimeSpan.Zero);
    private static readonly DateTimeOffset Second = First.AddMilliseconds(250);

    private readonly TempDirectory _directory = new("init-split");
    private readonly LogFile _log;

    public LineSplitterTests() => _log = new LogFile(_directory.Combine("svc.log"), 1_000_000, 1);

    private string Written()
    {
        _log.Dispose();
        return File.ReadAllText(_directory.Combine("svc.log"));
    }

    [Fact]
    public void Feed_LineSplitAcrossReads_StampedWhenItsEndArrives()
    {
        var splitter = new LineSplitter(_log, LogLine.Out);

        splitter.Feed("hel"u8, First);
        splitter.Feed("lo\nworld\npart"u8, Second);

        Assert.Equal("2026-11-25T11:40:00.350Z out hello\n2026-11-25T11:40:00.350Z out world\n", Written());
    }

    [Fact]
    public void Finish_PartialLine_WrittenAsALine()
    {
        var splitter = new LineSplitter(_log, LogLine.Err);
        splitter.Feed("no newline"u8, First);

        splitter.Finish(Second);

        Assert.Equal("2026-11-25T11:40:00.350Z err no newline\n", Written());
    }

    [Fact]
    public void Feed_LineLongerThanTheLimit_CutAtTheLimit()
    {
        var splitter = new LineSplitter(_log, LogLine.Out);
        var longLine = new string('x', LineSplitter.MaxLineBytes + 10);

        splitter.Feed(Encoding.ASCII.GetBytes(longLine[..100]), First);
        splitter.Feed(Encoding.ASCII.GetBytes(longLine[100..] + "\n"), First);

        var lines = Written().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([LineSplitter.MaxLineBytes, 10], lines.Select(l => l.Length - LogLine.PrefixLength));
    }

    [Fact]
    public void Feed_InvalidUtf8_CopiedAsIs()
    {
        var splitter = new LineSplitter(_log, LogLine.Out);

        splitter.Feed([0xff, 0xfe, (byte)'\n'], First);

        _log.Dispose();
        Assert.Equal([0xff, 0xfe, (byte)'\n'], File.ReadAllBytes(_directory.Combine("svc.log"))[LogLine.PrefixLength..]);
    }

    public void Dispose()
    {
        _log.Dispose();
        _directory.Dispose();
    }
}
