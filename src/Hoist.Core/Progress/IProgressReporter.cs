namespace Hoist.Core.Progress;

/// <summary>
/// Where a long operation tells its user how far it has come. On a terminal this is a live status
/// line (with a bar when the amount of work is known); otherwise, plain lines.
/// </summary>
public interface IProgressReporter
{
    /// <summary>A new step begins (for example "building image bookworm").</summary>
    void Phase(string text);

    /// <summary>Detail within the current step, shown live; may be dropped when output is not a terminal.</summary>
    void Status(string text);

    /// <summary>How much of the current step is done, for a bar.</summary>
    void Advance(long done, long total);

    /// <summary>A line the user must see in full, such as the output of an installer.</summary>
    void Output(string line);

    /// <summary>The current step finished; <paramref name="text"/> says with what result.</summary>
    void Done(string text);
}
