using Hoist.Core.Progress;

namespace Hoist.Runtime.Tests.State;

/// <summary>A progress reporter that records phases and advances and can act on an advance
/// (to cancel an operation at a known point, without sleeping).</summary>
internal sealed class TestProgress(Action<TestProgress, long, long>? onAdvance = null) : IProgressReporter
{
    public List<string> Phases { get; } = [];

    public List<(long Done, long Total)> Advances { get; } = [];

    public string CurrentPhase => Phases.Count == 0 ? string.Empty : Phases[^1];

    public void Phase(string text) => Phases.Add(text);

    public void Advance(long done, long total)
    {
        Advances.Add((done, total));
        onAdvance?.Invoke(this, done, total);
    }

    public void Status(string text)
    {
    }

    public void Output(string line)
    {
    }

    public void Done(string text)
    {
    }
}
