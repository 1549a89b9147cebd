namespace Hoist.Bench.Fabric;

/// <summary>
/// What an idle fabric's API sees in one second, laid out as numbered slots: every agent heartbeats once,
/// and <see cref="Reads"/> reads are spread among the heartbeats; a tenth of the reads list every host,
/// the rest read one app. The same layout drives the controller and the peer.
/// </summary>
internal sealed record LoadMix(int Hosts, int Reads)
{
    public int PerSecond => Hosts + Reads;

    /// <summary>What request number <paramref name="i"/> is: a heartbeat of host <c>Index</c> in second
    /// <c>Tick</c>, or a read (<c>Index</c> counts the reads; a list of every host when it is a multiple
    /// of ten).</summary>
    public (bool Read, int Index, int Tick) Slot(int i)
    {
        var tick = i / PerSecond;
        var k = i % PerSecond;
        if (Reads > 0)
        {
            var stride = PerSecond / Reads;
            var readsBefore = Math.Min(k / stride, Reads);
            if (k % stride == stride - 1 && k / stride < Reads)
            {
                return (true, (tick * Reads) + readsBefore, tick);
            }

            return (false, k - readsBefore, tick);
        }

        return (false, k, tick);
    }

    public static bool IsListing(int readIndex) => readIndex % 10 == 0;
}
