using System.Globalization;

namespace Hoist.Init.Services;

/// <summary>What a notify service said during one start: READY=1 completes <see cref="Ready"/> with the
/// MAINPID= it sent before or with it (null when it sent none).</summary>
internal sealed class ReadyNotice
{
    private readonly TaskCompletionSource<int?> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int? _mainPid;

    public Task<int?> Ready => _ready.Task;

    public bool Waiting => !_ready.Task.IsCompleted;

    /// <summary>Takes one sd_notify message; the caller serializes calls.</summary>
    public void Take(IReadOnlyDictionary<string, string> fields)
    {
        if (fields.TryGetValue("MAINPID", out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var pid) && pid > 1)
        {
            _mainPid = pid;
        }

        if (fields.TryGetValue("READY", out var ready) && ready == "1")
        {
            _ready.TrySetResult(_mainPid);
        }
    }
}
