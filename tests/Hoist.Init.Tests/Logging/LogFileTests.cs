using System.Text;
using Hoist.Init.Logging;
using Hoist.Testing;

namespace Hoist.Init.Tests.Logging;

public sealed class LogFileTests : IDisposable
{
    private readonly TempDirectory _directory = new("init-log");

    private string PathOf(string name) => _directory.Combine(name);

    private static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));

    private string[] Files() => [.. Directory.GetFiles(_directory.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public void Append_PastMaxBytes_RotatesBetweenLines()
    {
        using var log = new LogFile(PathOf("svc.log"), maxBytes: 10, keep: 3);

        log.Append(Lines("aaaa", "bbbb", "cccc"));

        Assert.Equal(["svc.log", "svc.log.1"], Files());
        Assert.Equal("aaaa\nbbbb\n", File.ReadAllText(PathOf("svc.log.1")));
        Assert.Equal("cccc\n", File.ReadAllText(PathOf("svc.log")));
    }

    [Fact]
    public void Append_MoreRotationsThanKept_OldestDropped()
    {
        using var log = new LogFile(PathOf("svc.log"), maxBytes: 5, keep: 2);

        foreach (var line in new[] { "1111", "2222", "3333", "4444" })
        {
            log.Append(Lines(line));
        }

        Assert.Equal(["svc.log", "svc.log.1", "svc.log.2"], Files());
        Assert.Equal(["2222\n", "3333\n", "4444\n"], new[] { "svc.log.2", "svc.log.1", "svc.log" }.Select(f => File.ReadAllText(PathOf(f))));
    }

    [Fact]
    public void Append_LineLongerThanMax_GetsAFileOfItsOwn()
    {
        using var log = new LogFile(PathOf("svc.log"), maxBytes: 8, keep: 5);

        log.Append(Lines("ab", "0123456789abcdef", "cd"));

        Assert.Equal("ab\n", File.ReadAllText(PathOf("svc.log.2")));
        Assert.Equal("0123456789abcdef\n", File.ReadAllText(PathOf("svc.log.1")));
        Assert.Equal("cd\n", File.ReadAllText(PathOf("svc.log")));
    }

    [Fact]
    public void Append_KeepZero_StartsOver()
    {
        using var log = new LogFile(PathOf("svc.log"), maxBytes: 5, keep: 0);

        log.Append(Lines("1111", "2222"));

        Assert.Equal(["svc.log"], Files());
        Assert.Equal("2222\n", File.ReadAllText(PathOf("svc.log")));
    }

    [Fact]
    public void Constructor_ExistingFile_AppendsAndCountsItsSize()
    {
        File.WriteAllText(PathOf("svc.log"), "old1\nold2\n");
        using var log = new LogFile(PathOf("svc.log"), maxBytes: 12, keep: 1);

        log.Append(Lines("new1"));

        Assert.Equal("old1\nold2\n", File.ReadAllText(PathOf("svc.log.1")));
        Assert.Equal("new1\n", File.ReadAllText(PathOf("svc.log")));
    }

    public void Dispose() => _directory.Dispose();
}
