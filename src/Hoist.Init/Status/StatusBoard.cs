using System.Text.Json;
using Hoist.Supervision;

namespace Hoist.Init.Status;

/// <summary>
/// The status of the app and its services, and the status file that shows it: rewritten at every change,
/// atomically (a temp file beside it, then rename), so that a reader on the host never sees half a file.
/// </summary>
internal sealed class StatusBoard
{
    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly string _app;
    private readonly TimeProvider _time;
    private DateTimeOffset _started;
    private readonly ServiceStatus[] _services;
    private SupervisorPhase _phase = SupervisorPhase.Starting;
    private string? _message;

    public StatusBoard(InitSpec spec, TimeProvider time)
    {
        _path = spec.StatusFile;
        _app = spec.App;
        _time = time;
        _started = time.GetUtcNow();
        _services = [.. spec.Services.Select(s => new ServiceStatus { Name = s.Name, Since = _started })];
    }

    /// <summary>The status as last written.</summary>
    public InitStatus Current { get; private set; } = new();

    /// <summary>Changes one service's status; <see cref="ServiceStatus.Since"/> moves when its state changes.</summary>
    public void Update(int service, Func<ServiceStatus, ServiceStatus> change)
    {
        lock (_lock)
        {
            var before = _services[service];
            var after = change(before);
            _services[service] = after.State == before.State ? after : after with { Since = _time.GetUtcNow() };
            Publish();
        }
    }

    public ServiceStatus Get(int service)
    {
        lock (_lock)
        {
            return _services[service];
        }
    }

    /// <summary>Sets the app's start time (and each service's) to now: the services of an app that stood
    /// by start when told to, not when hoist-init did.</summary>
    public void MarkStarted()
    {
        lock (_lock)
        {
            _started = _time.GetUtcNow();
            for (var i = 0; i < _services.Length; i++)
            {
                _services[i] = _services[i] with { Since = _started };
            }
        }
    }

    /// <summary>Moves the supervisor to <paramref name="phase"/>, with a message for the app (a failure).</summary>
    public void SetPhase(SupervisorPhase phase, string? message = null)
    {
        lock (_lock)
        {
            _phase = phase;
            _message = message ?? _message;
            Publish();
        }
    }

    private void Publish()
    {
        var state = AppStateRules.Compute(_phase, [.. _services.Select(s => s.State)]);
        var message = _message ?? (state == AppStates.Degraded
            ? _services.Where(s => s.Message is not null && s.State is not (ServiceStates.Ready or ServiceStates.Exited))
                .Select(s => $"{s.Name}: {s.Message}").FirstOrDefault()
            : null);
        Current = new InitStatus
        {
            App = _app,
            State = state,
            Updated = _time.GetUtcNow(),
            Started = _started,
            Services = [.. _services],
            Message = message,
        };
        Write(Current);
    }

    private void Write(InitStatus status)
    {
        var temp = $"{_path}.tmp";
        try
        {
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(status, SupervisionJson.Default.InitStatus));
            File.Move(temp, _path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The next change tries again; supervising matters more than reporting.
        }
    }
}
