using Hoist.Init.Exec;

namespace Hoist.Init.Tests.Exec;

public sealed class UmaskTests
{
    [Theory]
    [InlineData(null, 0x12u)]
    [InlineData("0027", 0x17u)]
    [InlineData("077", 0x3fu)]
    [InlineData("0", 0u)]
    public void ParseUmask_Octal_Mask(string? text, uint mask)
    {
        Assert.Equal(mask, ExecMode.ParseUmask(text));
    }

    [Theory]
    [InlineData("0999")]
    [InlineData("01000")]
    [InlineData("u=rwx")]
    [InlineData("")]
    public void ParseUmask_NotAMask_Fails(string text)
    {
        var failure = Assert.Throws<ExecFailure>(() => ExecMode.ParseUmask(text));

        Assert.Equal((1, $"invalid umask '{text}': it must be octal, 0000 to 0777"), (failure.ExitCode, failure.Message));
    }
}
