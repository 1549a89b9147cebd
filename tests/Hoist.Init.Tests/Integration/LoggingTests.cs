using System.Text.RegularExpressions;
using Hoist.Init.Logging;
using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class LoggingTests : IDisposable
{
    private readonly TempDirectory _directory = new("init");
    private InitRun? _run;

    [Fact]
    public async Task Supervise_ServiceOutput_LoggedLineByLineWithTimeAndStream()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var spec = InitRun.Spec(_directory,
            InitRun.Service("talk", "sh", "-c", "echo one; echo two >&2; printf 'no newline'") with { Type = "oneshot", Restart = "no" });
        _run = await InitRun.StartAsync(_directory, spec);

        await _run.WaitForStatusAsync(s => InitRun.Of(s, "talk").State == ServiceStates.Exited, "talk exited");
        var log = await _run.WaitForLogAsync("talk", "no newline");

        var lines = log.TrimEnd('\n').Split('\n');
        Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (out|err) ", l));
        // stdout and stderr are two pipes: the order within each holds, not between them.
        var texts = lines.Select(l => l[25..]).ToList();
        Assert.Equal(["err two", "out no newline", "out one"], texts.Order(StringComparer.Ordinal));
        Assert.True(texts.IndexOf("out one") < texts.IndexOf("out no newline"), log);
        Assert.All(lines, l => Assert.InRange(Time(l), before, DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Matches(new Regex(@"^\S+Z out hoist-init: supervising test \(1 services\)", RegexOptions.Multiline), _run.Log());
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Supervise_LogPastMaxBytes_RotatesKeepingTheLastFiles()
    {
        var spec = InitRun.Spec(_directory,
            InitRun.Service("chatty", "sh", "-c", "i=1; while [ $i -le 200 ]; do echo \"line $i of the chatty service\"; i=$((i+1)); done") with { Type = "oneshot", Restart = "no" })
            with { LogMaxBytes = 2000, LogKeep = 2 };
        _run = await InitRun.StartAsync(_directory, spec);

        await _run.WaitForStatusAsync(s => InitRun.Of(s, "chatty").State == ServiceStates.Exited, "chatty exited");
        await _run.WaitForLogAsync("chatty", "line 200 of");

        var logs = _directory.Combine("logs");
        Assert.Equal(["chatty.log", "chatty.log.1", "chatty.log.2"], Directory.GetFiles(logs, "chatty.log*").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(Directory.GetFiles(logs, "chatty.log*"), f => Assert.InRange(new FileInfo(f).Length, 1, 2000));
        var kept = new[] { "chatty.log.2", "chatty.log.1", "chatty.log" }.SelectMany(f => File.ReadAllLines(Path.Combine(logs, f))).Select(l => l[LogLine.PrefixLength..]).ToList();
        Assert.Equal("line 200 of the chatty service", kept[^1]);
        var numbers = kept.Select(l => int.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Count), numbers);
        Assert.Equal(0, await _run.StopAsync());
    }

    private static DateTimeOffset Time(string line) =>
        LogLine.TryParse(line, out var time, out _, out _) ? time : throw new FormatException(line);

    public void Dispose()
    {
        _run?.Dispose();
        _directory.Dispose();
    }
}
