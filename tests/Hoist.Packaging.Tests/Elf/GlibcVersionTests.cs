using Hoist.Packaging.Elf;

namespace Hoist.Packaging.Tests.Elf;

public sealed class GlibcVersionTests
{
    [Theory]
    [InlineData("GLIBC_2.34", 2, 34, 0, "2.34")]
    [InlineData("GLIBC_2.2.5", 2, 2, 5, "2.2.5")]
    [InlineData("2.36", 2, 36, 0, "2.36")]
    [InlineData("2.2.0", 2, 2, 0, "2.2")]
    public void TryParse_VersionNames_ReadsTheNumbers(string text, int major, int minor, int patch, string shown)
    {
        Assert.True(GlibcVersion.TryParse(text, out var version));
        Assert.Equal(new GlibcVersion(major, minor, patch), version);
        Assert.Equal(shown, version.ToString());
        Assert.Equal("GLIBC_" + shown, version.SymbolVersion);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("GLIBC_PRIVATE")]
    [InlineData("GLIBC_ABI_DT_RELR")]
    [InlineData("GLIBC_2")]
    [InlineData("2.3.4.5")]
    [InlineData("2.x")]
    [InlineData("-2.3")]
    [InlineData(" 2.3")]
    [InlineData("OPENSSL_3.0.0")]
    public void TryParse_NotAVersion_ReturnsFalse(string? text)
    {
        Assert.False(GlibcVersion.TryParse(text, out _));
    }

    [Fact]
    public void Parse_NotAVersion_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => GlibcVersion.Parse("GLIBC_PRIVATE"));
    }

    [Theory]
    [InlineData("2.10", "2.9")]
    [InlineData("2.36", "2.2.5")]
    [InlineData("2.2.5", "2.2")]
    [InlineData("3.0", "2.99")]
    [InlineData("2.3.10", "2.3.4")]
    public void CompareTo_ComparesNumberByNumber(string newer, string older)
    {
        var a = GlibcVersion.Parse(newer);
        var b = GlibcVersion.Parse(older);

        Assert.True(a.CompareTo(b) > 0);
        Assert.True(b.CompareTo(a) < 0);
        Assert.True(a > b && b < a && a >= b && b <= a);
        Assert.Equal(a, new[] { b, a }.Max());
    }

    [Fact]
    public void Equals_MissingThirdNumberIsZero()
    {
        Assert.Equal(GlibcVersion.Parse("2.2"), GlibcVersion.Parse("GLIBC_2.2.0"));
        Assert.Equal(0, GlibcVersion.Parse("2.2").CompareTo(GlibcVersion.Parse("2.2.0")));
    }
}
