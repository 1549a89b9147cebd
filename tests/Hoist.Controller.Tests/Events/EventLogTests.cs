using Hoist.Controller.Events;
using Hoist.Controller.Store;
using Hoist.Controller.Tests.Testing;
using Hoist.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hoist.Controller.Tests.Events;

public sealed class EventLogTests
{
    [Fact]
    public async Task Add_ManyAtOnceFromSeveralThreads_EachLoggedOnceInOrderAndStored()
    {
        using var home = new TempDirectory("eventlog");
        var database = new ControllerDatabase(Path.Combine(home.Path, "controller.db"));
        database.EnsureSchema();
        var log = new RecordingLogger();
        await using var store = new StoreWriter(database, NullLogger<StoreWriter>.Instance);
        var events = new EventLog(store, database, new ControllerOptions { Home = home.Path }, log);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 250; i++)
            {
                events.Add(EventKinds.AppDeployed, $"app-{t}-{i}", $"app-{t}-{i} placed");
            }
        })));
        await Eventually.WaitAsync(() => log.Lines.Count == 1000, "every event in the log");
        await store.Enqueue(_ => { });

        var ids = log.Lines.Select(line => events.After(0, 1000).Single(e => line == $"{e.Kind} {e.Subject}: {e.Message}").Id).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(1000, ids.Distinct().Count());
        Assert.True(log.Entries < 1000, "events that came together share a log entry");
        Assert.Equal(1000, events.After(0, 1000).Count);
    }

    [Fact]
    public async Task Add_LogBelowInformation_NothingLogged()
    {
        using var home = new TempDirectory("eventlog");
        var database = new ControllerDatabase(Path.Combine(home.Path, "controller.db"));
        database.EnsureSchema();
        var log = new RecordingLogger(LogLevel.Warning);
        await using var store = new StoreWriter(database, NullLogger<StoreWriter>.Instance);
        var events = new EventLog(store, database, new ControllerOptions { Home = home.Path }, log);

        var added = events.Add(EventKinds.HostRegistered, "h1", "h1 registered");

        Assert.Equal(1, added.Id);
        await store.Enqueue(_ => { });
        Assert.Empty(log.Lines);
    }

    private sealed class RecordingLogger(LogLevel minimum = LogLevel.Information) : ILogger<EventLog>
    {
        private readonly Lock _gate = new();
        private readonly List<string> _lines = [];
        private int _entries;

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_gate)
                {
                    return [.. _lines];
                }
            }
        }

        public int Entries => Volatile.Read(ref _entries);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_gate)
            {
                _lines.AddRange(formatter(state, exception).Split('\n'));
                _entries++;
            }
        }
    }
}
