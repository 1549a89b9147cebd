using Hoist.Supervision;

namespace Hoist.Sequencing.Tests.Analysis;

public sealed class EnvironmentFileTests
{
    [Fact]
    public void Parse_AssignmentsCommentsAndQuotes_ReadsValuesAsSystemdDoes()
    {
        var text = """
            # comment
            ; another comment

              PLAIN = value with trailing blanks   
            SINGLE='keeps \n and $HOME literally'
            DOUBLE="say \"hi\" \$5 \q"
            MIXED=pre"quoted part"post
            JOINED=first \
            second
            not an assignment
            9BAD=ignored
            PLAIN=second wins
            """;

        var variables = EnvironmentFile.Parse(text);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["PLAIN"] = "second wins",
                ["SINGLE"] = "keeps \\n and $HOME literally",
                ["DOUBLE"] = "say \"hi\" $5 \\q",
                ["MIXED"] = "prequoted partpost",
                ["JOINED"] = "first second",
            },
            variables);
    }

    [Fact]
    public void Parse_QuotedValueOverSeveralLines_KeepsTheNewline()
    {
        Assert.Equal("line one\nline two", EnvironmentFile.Parse("TEXT=\"line one\nline two\"\nNEXT=1\n")["TEXT"]);
    }

    [Fact]
    public void Parse_CrLfLines_DropTheCarriageReturn()
    {
        Assert.Equal("1", EnvironmentFile.Parse("A=1\r\nB=2\r\n")["A"]);
    }

    [Fact]
    public void Parse_EmptyValue_IsKeptEmpty()
    {
        Assert.Equal(string.Empty, EnvironmentFile.Parse("EMPTY=\n")["EMPTY"]);
    }
}
