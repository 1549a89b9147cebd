using Hoist.Library.Images;

namespace Hoist.Library.Tests.Images;

public sealed class OsReleaseTests
{
    [Fact]
    public void Parse_QuotedAndBareValues_ReadsFields()
    {
        var os = OsRelease.Parse("""
            # a comment
            PRETTY_NAME="Debian GNU/Linux 13 (trixie)"
            NAME="Debian GNU/Linux"
            VERSION_ID='13'
            VERSION_CODENAME=trixie
            ID=debian
            BROKEN LINE
            """);

        Assert.Equal(new OsRelease("debian", "13", "trixie", "Debian GNU/Linux 13 (trixie)"), os);
    }

    [Fact]
    public void Parse_EscapedQuote_Unescapes()
    {
        Assert.Equal("say \"hi\"", OsRelease.Parse("PRETTY_NAME=\"say \\\"hi\\\"\"").PrettyName);
    }
}
