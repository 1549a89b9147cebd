using Hoist.Core.Errors;
using Hoist.Runtime.Network;

namespace Hoist.Runtime.Tests.Network;

public sealed class UndoStackTests
{
    [Fact]
    public async Task RollBackAsync_AllUndosSucceed_RunsNewestFirstAndReturns()
    {
        var undone = new List<string>();
        var undo = new UndoStack();
        undo.Push("first", () => Record(undone, "first"));
        undo.Push("second", () => Record(undone, "second"));

        await undo.RollBackAsync(HoistException.FailedPrecondition("step failed"));

        Assert.Equal(["second", "first"], undone);
    }

    [Fact]
    public async Task RollBackAsync_OneUndoFails_RunsTheRestAndThrowsFailureWithDetails()
    {
        var undone = new List<string>();
        var undo = new UndoStack();
        undo.Push("deleting a", () => Record(undone, "a"));
        undo.Push("deleting b", () => throw new IOException("device busy"));
        var failure = HoistException.FailedPrecondition("step failed", "retry");

        var error = await Assert.ThrowsAsync<HoistException>(() => undo.RollBackAsync(failure));

        Assert.Equal(["a"], undone);
        Assert.Equal((ErrorKind.FailedPrecondition, "step failed", "retry"), (error.Kind, error.Message, error.Hint));
        Assert.Same(failure, error.InnerException);
        Assert.Equal(["undoing it: deleting b failed too: device busy"], error.Details);
    }

    [Fact]
    public async Task RollBackAsync_CancelledAndUndoFails_Cancelled()
    {
        var undo = new UndoStack();
        undo.Push("deleting a", () => throw new IOException("gone"));

        var error = await Assert.ThrowsAsync<HoistException>(() => undo.RollBackAsync(new OperationCanceledException()));

        Assert.Equal(ErrorKind.Cancelled, error.Kind);
    }

    private static Task Record(List<string> undone, string what)
    {
        undone.Add(what);
        return Task.CompletedTask;
    }
}
