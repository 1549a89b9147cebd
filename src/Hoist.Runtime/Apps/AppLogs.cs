using Hoist.Core.Errors;

namespace Hoist.Runtime.Apps;

/// <summary>Reads an app's logs: one file per service (and hoist-init's own), each line beginning with
/// its UTC timestamp, so that lines of several services merge in time order.</summary>
public sealed class AppLogs
{
    private readonly AppLayout _layout;

    public AppLogs(AppLayout layout) => _layout = layout;

    /// <summary>The sources: the services' logs and hoist-init's, by name.</summary>
    public IReadOnlyList<string> Sources() =>
        Directory.Exists(_layout.Logs)
            ? [.. Directory.GetFiles(_layout.Logs, "*.log").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The last <paramref name="tail"/> lines (all when null) of one service, or of every source
    /// merged in time order and prefixed with its name. Throws <see cref="ErrorKind.NotFound"/> for a
    /// service that has no log.</summary>
    public IReadOnlyList<string> Read(string? service, int? tail)
    {
        var sources = Pick(service);
        var lines = sources.Count == 1 && service is not null
            ? Lines(sources[0]).ToList()
            : sources.SelectMany(s => Lines(s).Select(l => (Line: l, Source: s)))
                .OrderBy(x => x.Line, StringComparer.Ordinal)
                .Select(x => $"{x.Source,-14} {x.Line}")
                .ToList();
        return tail is { } n ? lines.TakeLast(n).ToList() : lines;
    }

    /// <summary>Writes new lines as they come, until cancelled (it survives rotation: a file that
    /// shrinks is read again from its start).</summary>
    public async Task FollowAsync(string? service, Action<string> write, CancellationToken cancellationToken)
    {
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var source in Pick(service))
        {
            offsets[source] = new FileInfo(Path.Combine(_layout.Logs, source + ".log")).Length;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var source in service is null ? Sources() : [service])
            {
                var path = Path.Combine(_layout.Logs, source + ".log");
                var length = File.Exists(path) ? new FileInfo(path).Length : 0;
                var from = offsets.GetValueOrDefault(source);
                if (length < from)
                {
                    from = 0;
                }

                if (length > from)
                {
                    await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                    stream.Seek(from, SeekOrigin.Begin);
                    using var reader = new StreamReader(stream);
                    while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                    {
                        write(service is null ? $"{source,-14} {line}" : line);
                    }

                    from = length;
                }

                offsets[source] = from;
            }

            try
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private IReadOnlyList<string> Pick(string? service)
    {
        var sources = Sources();
        if (service is null)
        {
            return sources;
        }

        return sources.Contains(service)
            ? [service]
            : throw HoistException.NotFound($"app {_layout.App} has no log of service '{service}'", sources.Count == 0 ? "it has not run yet" : $"its logs: {string.Join(", ", sources)}");
    }

    // The rotated files first (oldest first), then the current one.
    private IEnumerable<string> Lines(string source)
    {
        var current = Path.Combine(_layout.Logs, source + ".log");
        var rotated = Enumerable.Range(1, 20).Select(i => $"{current}.{i}").Where(File.Exists).Reverse();
        foreach (var file in rotated.Append(current).Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                yield return line;
            }
        }
    }
}
