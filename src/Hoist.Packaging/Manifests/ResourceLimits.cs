using System.Globalization;

namespace Hoist.Packaging.Manifests;

/// <summary>The cgroup limits of an app: memory (bytes, with an optional K, M, G or T suffix), CPUs
/// (a number of cores, fractions allowed) and processes. Null means no limit.</summary>
public sealed record ResourceLimits
{
    /// <summary>The names of the limits, also the keys `hoist add --set` takes for them.</summary>
    public static readonly IReadOnlyList<string> Names = ["memory", "cpus", "pids"];

    public string? Memory { get; init; }

    public double? Cpus { get; init; }

    public long? Pids { get; init; }

    /// <summary>The memory limit in bytes, or null. Derived from <see cref="Memory"/>: not written to the manifest.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public long? MemoryBytes => Memory is null ? null : ParseBytes(Memory);

    /// <summary>These limits with <paramref name="overrides"/> (name to text, from --set) applied.
    /// Throws <see cref="FormatException"/> naming the value that is not a limit.</summary>
    public ResourceLimits With(IReadOnlyDictionary<string, string> overrides)
    {
        var result = this;
        foreach (var (name, value) in overrides)
        {
            result = name switch
            {
                "memory" => ParseBytes(value) is not null ? result with { Memory = value } : throw new FormatException($"memory '{value}' is not a size such as 512M or 2G"),
                "cpus" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var cpus) && cpus > 0
                    ? result with { Cpus = cpus }
                    : throw new FormatException($"cpus '{value}' is not a number of cores above 0"),
                "pids" => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var pids) && pids > 0
                    ? result with { Pids = pids }
                    : throw new FormatException($"pids '{value}' is not a number above 0"),
                _ => result,
            };
        }

        return result;
    }

    /// <summary>What is wrong with these limits, one line per problem.</summary>
    public static IEnumerable<string> Problems(ResourceLimits? limits)
    {
        if (limits?.Memory is { } memory && ParseBytes(memory) is null)
        {
            yield return $"memory '{memory}' is not a size such as 512M or 2G";
        }

        if (limits?.Cpus is <= 0)
        {
            yield return $"cpus {limits.Cpus} must be above 0";
        }

        if (limits?.Pids is <= 0)
        {
            yield return $"pids {limits.Pids} must be above 0";
        }
    }

    /// <summary>"512M" as bytes (K, M, G, T are powers of 1024; a bare number is bytes); null when malformed.</summary>
    public static long? ParseBytes(string text)
    {
        var trimmed = text.Trim();
        var multiplier = trimmed.Length > 0 ? char.ToUpperInvariant(trimmed[^1]) switch
        {
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            'T' => 1L << 40,
            _ => 1L,
        } : 1L;
        var digits = multiplier == 1 ? trimmed : trimmed[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= long.MaxValue / multiplier
            ? value * multiplier
            : null;
    }
}
