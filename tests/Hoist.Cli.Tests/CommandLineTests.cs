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

    [Fact]
    public async Task Typo_ExitsTwoPointingToHelp()
    {
        var result = await HoistCli.RunAsync(Home(), "statr", "redis");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("hoist: Required command was not provided. (see 'hoist --help')", result.ErrorLine);
    }

    [Fact]
    public async Task StartWithoutApp_ExitsTwoNamingTheCommand()
    {
        var result = await HoistCli.RunAsync(Home(), "start");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("hoist: Required argument missing for command: 'start'. (see 'hoist start --help')", result.ErrorLine);
    }

    public void Dispose() => _temp.Dispose();

    private HoistHome Home() => new(_temp.Combine("home"));
}
