using Hoist.Core.Processes;
using Hoist.Linux.Proc;

namespace Hoist.Linux.Tests;

public sealed class ProcessTreeTests
{
    [Fact]
    public async Task IsAsleep_TreeWaitingInSleep_True()
    {
        await using var sleeper = ExternalProcess.Start(new ProcessSpec("/bin/sh", "-c", "sleep 30 & sleep 30; wait"));
        await Task.Delay(200);

        Assert.True(ProcessTree.IsAsleep(sleeper.Id));
    }

    [Fact]
    public async Task IsAsleep_ChildBusyOnTheCpu_False()
    {
        await using var busy = ExternalProcess.Start(new ProcessSpec("/bin/sh", "-c", "sh -c 'while :; do :; done' & wait"));
        await Task.Delay(200);

        var asleep = Enumerable.Range(0, 5).Select(_ => ProcessTree.IsAsleep(busy.Id)).ToList();

        Assert.Contains(false, asleep);
    }
}
