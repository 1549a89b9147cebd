namespace Hoist.Core.Progress;

/// <summary>Reports nowhere; for callers that do not show progress.</summary>
public sealed class NullProgress : IProgressReporter
{
    public static readonly NullProgress Instance = new();

    public void Phase(string text)
    {
    }

    public void Status(string text)
    {
    }

    public void Advance(long done, long total)
    {
    }

    public void Output(string line)
    {
    }

    public void Done(string text)
    {
    }
}
