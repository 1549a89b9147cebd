using System.Globalization;

namespace Hoist.Bench.Fabric;

/// <summary>What a run of requests measured: how many, how many failed (and the first failure's message),
/// the wall time, and each request's latency in milliseconds.</summary>
internal sealed record Latencies(int Sent, int Errors, string? FirstError, double Seconds, double[] Milliseconds)
{
    /// <summary>The value below which <paramref name="fraction"/> of the latencies fall (nearest rank).</summary>
    public double Percentile(double fraction)
    {
        if (Milliseconds.Length == 0)
        {
            return double.NaN;
        }

        var sorted = Milliseconds.Order().ToArray();
        var rank = (int)Math.Ceiling(fraction * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    /// <summary>How late each request was sent after its due time (open loop only): the sender's own
    /// delay, already part of each latency.</summary>
    public double[]? Lateness { get; init; }

    /// <summary>The latencies of the requests <paramref name="keep"/> selects (by number), as a run of their own.</summary>
    public Latencies Where(Func<int, bool> keep) =>
        new(Enumerable.Range(0, Sent).Count(keep), 0, null, Seconds, [.. Milliseconds.Where((_, i) => keep(i))]);

    public double Max => Milliseconds.Length == 0 ? double.NaN : Milliseconds.Max();

    /// <summary>Writes "PREFIX_name value" lines, the form bench/controller reads.</summary>
    public void Print(string prefix, TextWriter output)
    {
        Line(output, prefix, "sent", Sent);
        Line(output, prefix, "errors", Errors);
        Line(output, prefix, "seconds", Seconds);
        Line(output, prefix, "per_s", Seconds > 0 ? Sent / Seconds : 0);
        Line(output, prefix, "p50_ms", Percentile(0.50));
        Line(output, prefix, "p99_ms", Percentile(0.99));
        Line(output, prefix, "max_ms", Max);
        if (Lateness is { Length: > 0 })
        {
            Line(output, prefix, "late_p99_ms", new Latencies(0, 0, null, 0, Lateness).Percentile(0.99));
        }

        if (FirstError is not null)
        {
            output.WriteLine($"{prefix}_first_error {FirstError.ReplaceLineEndings(" ")}");
        }
    }

    public static void Line(TextWriter output, string prefix, string name, double value) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prefix}_{name} {value:0.###}"));
}
