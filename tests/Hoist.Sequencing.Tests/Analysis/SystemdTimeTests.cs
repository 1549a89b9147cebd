using Hoist.Sequencing.Analysis;

namespace Hoist.Sequencing.Tests.Analysis;

public sealed class SystemdTimeTests
{
    [Theory]
    [InlineData("5", 5)]
    [InlineData("90s", 90)]
    [InlineData("1min 30s", 90)]
    [InlineData("1min30s", 90)]
    [InlineData("500ms", 0.5)]
    [InlineData("0", 0)]
    [InlineData("2h", 7200)]
    [InlineData("1.5 minutes", 90)]
    [InlineData(" 1d 1w ", 691200)]
    public void ParseSeconds_Spans_GiveSeconds(string text, double expected)
    {
        Assert.Equal(expected, SystemdTime.ParseSeconds(text));
    }

    [Fact]
    public void ParseSeconds_Infinity_GivesPositiveInfinity()
    {
        Assert.Equal(double.PositiveInfinity, SystemdTime.ParseSeconds("infinity"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5 parsecs")]
    [InlineData("-5s")]
    [InlineData("s")]
    public void ParseSeconds_NotASpan_GivesNull(string text)
    {
        Assert.Null(SystemdTime.ParseSeconds(text));
    }
}
