namespace Hoist.Controller.Model;

/// <summary>An order in memory: its record, and a task that completes with the record once the order is
/// done, failed or cancelled. Guarded by the fabric's lock.</summary>
internal sealed class OrderEntry
{
    private readonly TaskCompletionSource<OrderRecord> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OrderEntry(OrderRecord record)
    {
        Record = record;
        if (!record.IsPending)
        {
            _finished.TrySetResult(record);
        }
    }

    public OrderRecord Record { get; private set; }

    public long Id => Record.Id;

    public Task<OrderRecord> Finished => _finished.Task;

    public void Update(OrderRecord record)
    {
        Record = record;
        if (!record.IsPending)
        {
            _finished.TrySetResult(record);
        }
    }
}
