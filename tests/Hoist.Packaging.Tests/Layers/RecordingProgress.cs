using Hoist.Core.Progress;

namespace Hoist.Packaging.Tests.Layers;

/// <summary>A progress reporter that remembers phases and advances, for assertions.</summary>
internal sealed class RecordingProgress : IProgressReporter
{
    public List<string> Phases { get; } = [];

    public List<(long Done, long Total)> Advances { get; } = [];

    public void Phase(string text) => Phases.Add(text);

    public void Advance(long done, long total) => Advances.Add((done, total));

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
