namespace Hoist.Content.Tests.Trees;

/// <summary>The system clock moved by a fixed amount: a scan that starts "later" trusts files
/// written just now, as if the test had waited.</summary>
internal sealed class ShiftedTime(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
}
