using Hoist.Core.Errors;
using Hoist.Sequencing.Analysis;

namespace Hoist.Sequencing.Tests.Analysis;

public sealed class SystemdUnitTests
{
    private const string Unit = """
        # A unit written by hand for these tests.
        [Unit]
        Description=Key-value store  
        After=network.target
        After=other.service

        [Service]
        ; a comment with a semicolon
        ExecStart=/usr/bin/kvstore \
            --config /etc/kvstore/kvstore.conf \
        # a comment between continued lines
            --daemonize no
        ReadWritePaths=-/var/lib/kvstore
        ReadWritePaths=
        ReadWritePaths=-/var/log/kvstore -/srv/kvstore
        ReadWritePaths=/opt/kvstore
        Environment="GREETING=hello world" MODE=fast
        User=
        Assignment without equals sign

        [Unit]
        Documentation=man:kvstore(1)
        """;

    [Fact]
    public void Parse_SectionsRepeated_MergesThemInFirstOrder()
    {
        var unit = SystemdUnit.Parse(Unit);

        Assert.Equal(["Unit", "Service"], unit.Sections);
        Assert.Equal("man:kvstore(1)", unit.Get("Unit", "Documentation"));
    }

    [Fact]
    public void Get_ValueWithTrailingBlanks_ReturnsItTrimmed()
    {
        Assert.Equal("Key-value store", SystemdUnit.Parse(Unit).Get("Unit", "Description"));
    }

    [Fact]
    public void Get_RepeatedKey_ReturnsLastValue()
    {
        Assert.Equal("other.service", SystemdUnit.Parse(Unit).Get("Unit", "After"));
    }

    [Fact]
    public void Get_EmptyAssignmentLast_ReturnsEmptyString()
    {
        Assert.Equal(string.Empty, SystemdUnit.Parse(Unit).Get("Service", "User"));
    }

    [Fact]
    public void Get_MissingKeyOrSection_ReturnsNull()
    {
        var unit = SystemdUnit.Parse(Unit);

        Assert.Null(unit.Get("Service", "Group"));
        Assert.Null(unit.Get("Install", "Alias"));
    }

    [Fact]
    public void Get_ContinuedLinesWithComment_JoinsThemWithSpacesAndSkipsTheComment()
    {
        Assert.Equal(
            "/usr/bin/kvstore  --config /etc/kvstore/kvstore.conf  --daemonize no",
            SystemdUnit.Parse(Unit).Get("Service", "ExecStart"));
    }

    [Fact]
    public void GetAll_EmptyAssignment_ResetsTheList()
    {
        Assert.Equal(
            ["-/var/log/kvstore -/srv/kvstore", "/opt/kvstore"],
            SystemdUnit.Parse(Unit).GetAll("Service", "ReadWritePaths"));
    }

    [Fact]
    public void GetAll_ResetLast_ReturnsEmpty()
    {
        Assert.Empty(SystemdUnit.Parse(Unit).GetAll("Service", "User"));
    }

    [Fact]
    public void GetWords_SeveralValues_SplitsEachAndConcatenates()
    {
        Assert.Equal(
            ["-/var/log/kvstore", "-/srv/kvstore", "/opt/kvstore"],
            SystemdUnit.Parse(Unit).GetWords("Service", "ReadWritePaths"));
    }

    [Fact]
    public void GetWords_QuotedAssignment_KeepsBlanksInsideQuotes()
    {
        Assert.Equal(["GREETING=hello world", "MODE=fast"], SystemdUnit.Parse(Unit).GetWords("Service", "Environment"));
    }

    [Fact]
    public void Parse_AssignmentBeforeAnySectionAndLineWithoutEquals_Ignored()
    {
        var unit = SystemdUnit.Parse("Orphan=1\n[Service]\nnonsense\nType=notify\n");

        Assert.Equal(["Service"], unit.Sections);
        Assert.Null(unit.Get("Service", "Orphan"));
        Assert.Equal("notify", unit.Get("Service", "Type"));
    }

    [Fact]
    public void Parse_CrLfLineEndings_ReadsValuesWithoutCarriageReturn()
    {
        Assert.Equal("forking", SystemdUnit.Parse("[Service]\r\nType=forking\r\n").Get("Service", "Type"));
    }

    [Fact]
    public void Parse_EscapedTrailingBackslash_DoesNotContinue()
    {
        var unit = SystemdUnit.Parse("[Service]\nA=x\\\\\nB=y\n");

        Assert.Equal("x\\\\", unit.Get("Service", "A"));
        Assert.Equal("y", unit.Get("Service", "B"));
    }

    [Theory]
    [InlineData("a b\tc", new[] { "a", "b", "c" })]
    [InlineData("\"one two\" 'three four'", new[] { "one two", "three four" })]
    [InlineData("pre\"fix suf\"fix", new[] { "prefix suffix" })]
    [InlineData("tab\\there \\x41\\102 \\s", new[] { "tab\there", "AB", " " })]
    [InlineData("'it\\'s' \"say \\\"hi\\\"\"", new[] { "it's", "say \"hi\"" })]
    [InlineData("  ", new string[0])]
    public void SplitWords_QuotesAndEscapes_DecodesWords(string value, string[] expected)
    {
        Assert.Equal(expected, SystemdUnit.SplitWords(value));
    }

    [Theory]
    [InlineData("\"unterminated")]
    [InlineData("trailing\\")]
    [InlineData("bad\\qescape")]
    [InlineData("\\x4")]
    public void SplitWords_Malformed_ThrowsInvalidArgument(string value)
    {
        var error = Assert.Throws<HoistException>(() => SystemdUnit.SplitWords(value));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }
}
