using System.Text.Json;
using Hoist.Init.Restarts;
using Hoist.Supervision;

namespace Hoist.Init;

/// <summary>Reads and checks the spec. Every problem is reported at once, each naming the service.</summary>
internal static class SpecLoader
{
    private static readonly string[] Types = ["simple", "exec", "forking", "notify", "oneshot"];

    /// <summary>The spec at <paramref name="path"/>, not yet validated; throws <see cref="InvalidDataException"/>
    /// when it cannot be read or is not JSON of a spec.</summary>
    public static InitSpec Load(string path)
    {
        InitSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize(File.ReadAllBytes(path), SupervisionJson.Default.InitSpec);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidDataException($"cannot read the spec {path}: {e.Message}", e);
        }

        if (spec is null)
        {
            throw new InvalidDataException($"the spec {path} is empty (null)");
        }

        return spec;
    }

    /// <summary>Every problem of <paramref name="spec"/>; empty when it can be run.</summary>
    public static IReadOnlyList<string> Validate(InitSpec spec)
    {
        var problems = new List<string>(ValidateSettings(spec));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in spec.Services)
        {
            var name = service.Name;
            if (name.Length == 0 || name.Contains('/') || name is "." or ".." or "hoist-init")
            {
                problems.Add($"service name '{name}' cannot name a log file");
            }
            else if (!names.Add(name))
            {
                problems.Add($"service name '{name}' is used twice");
            }

            problems.AddRange(ValidateService(service).Select(p => $"{name}: {p}"));
        }

        return problems;
    }

    private static IEnumerable<string> ValidateSettings(InitSpec spec)
    {
        if (spec.LogMaxBytes <= 0 || spec.LogKeep < 0)
        {
            yield return $"LogMaxBytes must be positive and LogKeep not negative (they are {spec.LogMaxBytes} and {spec.LogKeep})";
        }

        var restart = spec.Restart;
        if (restart.InitialDelayMilliseconds < 0 || restart.MaxDelayMilliseconds < restart.InitialDelayMilliseconds
            || restart.CrashLoopFailures < 1 || restart.CrashLoopWindowSeconds < 1)
        {
            yield return "Restart needs 0 <= InitialDelayMilliseconds <= MaxDelayMilliseconds, CrashLoopFailures >= 1 and CrashLoopWindowSeconds >= 1";
        }

        if (spec.Services.Any(s => s.Type == "notify") && string.IsNullOrEmpty(spec.NotifySocket))
        {
            yield return "NotifySocket is empty, but a service has Type notify";
        }
    }

    private static IEnumerable<string> ValidateService(ServicePlan service)
    {
        if (service.StopSignal is < 1 or > 64 || service.StopTimeoutSeconds < 0)
        {
            yield return $"StopSignal must be 1 to 64 and StopTimeoutSeconds not negative (they are {service.StopSignal} and {service.StopTimeoutSeconds})";
        }

        if (service.UMask is { } umask && !IsOctal(umask, 0x1ff))
        {
            yield return $"UMask '{umask}' is not an octal mask";
        }

        foreach (var directory in service.RuntimeDirectories.Where(d => !Path.IsPathRooted(d.Path) || !IsOctal(d.Mode, 0xfff)))
        {
            yield return $"runtime directory '{directory.Path}' needs an absolute path and an octal mode (it has '{directory.Mode}')";
        }

        if (service.Exec.Count == 0)
        {
            yield return "Exec is empty";
        }

        if (!Types.Contains(service.Type))
        {
            yield return $"Type '{service.Type}' is not one of {string.Join(", ", Types)}";
        }

        if (!RestartRules.Known.Contains(service.Restart))
        {
            yield return $"Restart '{service.Restart}' is not one of {string.Join(", ", RestartRules.Known)}";
        }

        if (service.Type == "forking" && string.IsNullOrEmpty(service.PidFile))
        {
            yield return "Type forking needs a PidFile (hoist-init does not guess the daemon)";
        }

        if (service.Readiness is { } readiness)
        {
            var ways = (readiness.Port is null ? 0 : 1) + (readiness.Exec is null ? 0 : 1) + (readiness.Http is null ? 0 : 1);
            if (ways != 1)
            {
                yield return $"Readiness must set exactly one of Port, Exec and Http (it sets {ways})";
            }

            if (readiness.Http is { } http && !(Uri.TryCreate(http, UriKind.Absolute, out var url) && url.Scheme == "http"))
            {
                yield return $"Readiness Http '{http}' is not an http:// URL (https is not supported: use Port)";
            }

            if (readiness.TimeoutSeconds <= 0 || readiness.Port is < 1 or > 65535)
            {
                yield return "Readiness needs a positive TimeoutSeconds and a Port of 1 to 65535";
            }

            if (readiness.Exec is { Count: 0 })
            {
                yield return "Readiness Exec is empty";
            }
        }
    }

    private static bool IsOctal(string text, int max)
    {
        try
        {
            return text.Length > 0 && Convert.ToInt32(text, 8) is var value && value >= 0 && value <= max;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return false;
        }
    }
}
