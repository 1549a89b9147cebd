using Hoist.Core.Errors;

namespace Hoist.Runtime.Network;

/// <summary>The steps a multi-step operation took, with how to undo each. When a later step fails, the
/// operation rolls back: every undo runs, newest first, even when one of them fails, and never cancelled
/// (a half-undone operation is worse than a late one).</summary>
internal sealed class UndoStack
{
    private readonly Stack<(string What, Func<Task> Undo)> _steps = new();

    /// <summary>Records that a step was taken; <paramref name="what"/> names its undo for error messages.</summary>
    public void Push(string what, Func<Task> undo) => _steps.Push((what, undo));

    /// <summary>Undoes every step recorded. Returns when all undos succeeded, so that the caller rethrows
    /// <paramref name="failure"/> as it was; otherwise throws a <see cref="HoistException"/> of the
    /// failure's kind (<see cref="ErrorKind.Cancelled"/> for a cancellation) whose details name each undo
    /// that failed, with the failure as its inner exception.</summary>
    public async Task RollBackAsync(Exception failure)
    {
        var failed = new List<string>();
        while (_steps.TryPop(out var step))
        {
            try
            {
                await step.Undo().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failed.Add($"undoing it: {step.What} failed too: {e.Message}");
            }
        }

        if (failed.Count == 0)
        {
            return;
        }

        var (kind, hint, details) = failure switch
        {
            HoistException h => (h.Kind, h.Hint, h.Details),
            OperationCanceledException => (ErrorKind.Cancelled, null, []),
            _ => (ErrorKind.FailedPrecondition, null, (IReadOnlyList<string>)[]),
        };
        throw new HoistException(kind, failure.Message, hint, failure)
        {
            Details = [.. details, .. failed],
        };
    }
}
