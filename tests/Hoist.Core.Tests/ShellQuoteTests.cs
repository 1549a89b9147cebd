using Hoist.Core.Processes;
using Hoist.Core.Text;

namespace Hoist.Core.Tests;

public sealed class ShellQuoteTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("it's")]
    [InlineData("a b\tc")]
    [InlineData("$HOME `id` \"x\" \\n")]
    [InlineData("")]
    [InlineData("daemon on; master_process on;")]
    public async Task Quote_ShReadsTheWordBackUnchanged(string word)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec("/bin/sh", "-c", "printf '%s\\n' " + ShellQuote.Quote(word)), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(word + "\n", result.Stdout);
    }

    [Fact]
    public void Quote_SafeWord_StaysBare()
    {
        Assert.Equal("/usr/bin/redis-server", ShellQuote.Quote("/usr/bin/redis-server"));
    }
}
