using Hoist.Cli.Output;
using Hoist.Core.Storage;
using Hoist.Testing;

namespace Hoist.Cli.Tests;

/// <summary>The command tree: built whole for help and typos, with the named command alone otherwise,
/// and the real binary's help, errors and output through its own standard streams.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory _temp = new("cli");

    [Fact]
    public void TopLevel_EachEntry_MakesTheCommandOfItsName()
    {
        var context = new CliContext(TextWriter.Null, TextWriter.Null);

        foreach (var (name, create) in CommandLine.TopLevel)
        {
            Assert.Equal(name, create(context).Name);
        }
    }

    [Fact]
    public void Build_FirstArgumentACommand_RootHoldsThatCommandAlone()
    {
        var root = CommandLine.Build(new CliContext(TextWriter.Null, TextWriter.Null), ["start", "redis"]);

        Assert.Equal(["start"], root.Subcommands.Select(c => c.Name));
        Assert.Empty(root.Options);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--version")]
    public void Build_CommandWithHelpOrVersion_RootCommandWithItsOptions(string option)
    {
        var root = CommandLine.Build(new CliContext(TextWriter.Null, TextWriter.Null), ["start", option]);

        Assert.IsType<System.CommandLine.RootCommand>(root);
        Assert.Equal(["start"], root.Subcommands.Select(c => c.Name));
    }

    [Fact]
    public async Task StartHelp_OnStandardOutput_ShowsItsUsage()
    {
        var result = await HoistCli.RunAsync(Home(), "start", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("hoist start <APP> [options]", result.Stdout);
        Assert.Contains("--timeout", result.Stdout);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("statr")]
    [InlineData("@response-file")]
    public void Build_FirstArgumentNoCommand_RootHoldsEveryCommand(string first)
    {
        var root = CommandLine.Build(new CliContext(TextWriter.Null, TextWriter.Null), [first]);

        Assert.Equal(CommandLine.TopLevel.Select(c => c.Name), root.Subcommands.Select(c => c.Name));
    }

    [Fact]
    public async Task Help_OnStandardOutput_ListsEveryCommand()
    {
        var result = await HoistCli.RunAsync(Home(), "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.All(CommandLine.TopLevel, c => Assert.Contains($"  {c.Name}", result.Stdout));
    }

    [Theory]
    [InlineData("statr redis", "hoist: 'statr' is not a command of hoist; did you mean 'start' or 'state'? (see 'hoist --help')")]
    [InlineData("host creat h1", "hoist: 'creat' is not a command of hoist host; did you mean 'create'? (see 'hoist host --help')")]
    [InlineData("frobnicate", "hoist: 'frobnicate' is not a command of hoist (see 'hoist --help')")]
    [InlineData("--bogus", "hoist: '--bogus' is not an option of hoist (see 'hoist --help')")]
    [InlineData("host --bogus", "hoist: '--bogus' is not an option of hoist host (see 'hoist host --help')")]
    [InlineData("", "hoist: Required command was not provided. (see 'hoist --help')")]
    [InlineData("start", "hoist: Required argument missing for command: 'start'. (see 'hoist start --help')")]
    [InlineData("ps extra", "hoist: Unrecognized command or argument 'extra'. (see 'hoist ps --help')")]
    public async Task BadCommandLine_ExitsTwoWithOneLineNamingIt(string arguments, string expected)
    {
        var result = await HoistCli.RunAsync(Home(), arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(expected, result.ErrorLine);
    }

    [Theory]
    [InlineData("statr", "start state")]
    [InlineData("stpo", "stop")]
    [InlineData("Start", "start")]
    [InlineData("rn", "rm")]
    [InlineData("sequnce", "sequence")]
    [InlineData("stat", "start state")]
    [InlineData("xyz", "")]
    [InlineData("startstart", "")]
    public void Nearest_WithinTwoEdits_GivesTheClosest(string word, string expected)
    {
        Assert.Equal(expected, string.Join(' ', ParseErrorText.Nearest(word, ["start", "state", "stop", "rm", "ps", "sequence"])));
    }

    public void Dispose() => _temp.Dispose();

    private HoistHome Home() => new(_temp.Combine("home"));
}
