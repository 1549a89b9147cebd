using Hoist.Core.Processes;
using Hoist.Linux.Proc;

namespace Hoist.Linux.Tests;

public sealed class PidNamespacesTests
{
    [Fact]
    public async Task HostPidOf_ProcessInItsOwnPidNamespace_FoundAndCheckedUntilItEnds()
    {
        // sh is pid 1 of a new pid namespace, its sleep pid 2.
        await using var unshare = ExternalProcess.Start(new ProcessSpec(
            Tools.Require("unshare", "util-linux"), "--pid", "--fork", "/bin/sh", "-c", "sleep 30 & echo started; wait"));
        var init = await ChildAsync(unshare.Id);
        var sleep = await ChildAsync(init);

        Assert.Equal(sleep, PidNamespaces.HostPidOf(init, 2));
        Assert.Equal(init, PidNamespaces.HostPidOf(init, 1));
        Assert.Null(PidNamespaces.HostPidOf(init, 3));
        Assert.True(PidNamespaces.IsHostPidOf(sleep, init, 2));
        Assert.False(PidNamespaces.IsHostPidOf(init, init, 2));
        Assert.False(PidNamespaces.IsHostPidOf(Environment.ProcessId, init, 2));

        ProcessSignal.Send(sleep, 9);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Directory.Exists($"/proc/{sleep}") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.False(PidNamespaces.IsHostPidOf(sleep, init, 2));
    }

    // The one child of a process, once it has one (10 s at most).
    private static async Task<int> ChildAsync(int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var children = File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (children.Length > 0)
            {
                return int.Parse(children[0], System.Globalization.CultureInfo.InvariantCulture);
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"process {pid} started no child within 10 s");
    }
}
