using System.Threading.Channels;
using Hoist.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Hoist.Controller.Store;

/// <summary>
/// The one writer of controller.db. Callers change the in-memory state under the fabric's lock and, still
/// under it, enqueue the rows to write, so that writes happen in the order of the changes; they await the
/// returned task (outside the lock) when the change must be durable before they answer. The loop writes
/// whatever is queued in one transaction (group commit): 10,000 deployments cost a few hundred commits,
/// not 10,000.
/// </summary>
internal sealed class StoreWriter : IAsyncDisposable
{
    private const int MaxBatch = 2000;

    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly Statements _statements;
    private readonly ILogger _log;
    private readonly Task _loop;

    public StoreWriter(ControllerDatabase database, ILogger<StoreWriter> log)
    {
        _log = log;
        _connection = database.Open();
        _statements = new Statements(_connection);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Queues a write; the task completes once it is committed, or fails with the database's
    /// error (<see cref="ErrorKind.Unavailable"/> once the controller is stopping).</summary>
    public Task Enqueue(Action<Statements> write)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Work(write, done)))
        {
            done.SetException(HoistException.Unavailable("the controller is stopping"));
        }

        return done.Task;
    }

    /// <summary>Writes what is queued, then closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _statements.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        var batch = new List<Work>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var work))
            {
                batch.Add(work);
            }

            try
            {
                using (var transaction = _connection.BeginTransaction())
                {
                    _statements.Transaction = transaction;
                    foreach (var work in batch)
                    {
                        work.Write(_statements);
                    }

                    transaction.Commit();
                }

                foreach (var work in batch)
                {
                    work.Done.TrySetResult();
                }
            }
            catch (Exception e)
            {
                _log.LogError(e, "writing {Count} changes to the controller's database failed", batch.Count);
                var failure = HoistException.Unavailable($"the controller's database refused a write: {e.Message}", "see the controller's log");
                foreach (var work in batch)
                {
                    work.Done.TrySetException(failure);
                }
            }
            finally
            {
                _statements.Transaction = null;
            }
        }
    }

    private readonly record struct Work(Action<Statements> Write, TaskCompletionSource Done);
}
