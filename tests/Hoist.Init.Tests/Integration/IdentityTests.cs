using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Integration;

/// <summary>What exec mode applies to a service: user, groups, umask, directory, file limit, bounding set.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class IdentityTests : IDisposable
{
    private readonly TempDirectory _directory = new("init");
    private InitRun? _run;

    [Fact]
    public async Task Supervise_ServiceWithIdentity_RunsAsThatUserWithItsGroupsUmaskDirectoryAndLimits()
    {
        var work = _directory.Combine("work");
        Directory.CreateDirectory(work);
        var service = InitRun.Service("who", "sh", "-c", "id; umask; pwd; ulimit -n; grep CapBnd /proc/self/status; exec sleep 300") with
        {
            Uid = 65534,
            Gid = 65534,
            Groups = [65534, 100],
            UMask = "0027",
            WorkingDirectory = work,
            LimitNoFile = 4242,
            Capabilities = ["CAP_NET_BIND_SERVICE"],
        };
        _run = await InitRun.StartAsync(_directory, InitRun.Spec(_directory, service));

        var log = await _run.WaitForLogAsync("who", "CapBnd");

        Assert.Contains("out uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup),100(users)\n", log);
        Assert.Contains("out 0027\n", log);
        Assert.Contains($"out {work}\n", log);
        Assert.Contains("out 4242\n", log);
        Assert.Contains("out CapBnd:\t0000000000000400\n", log);
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Supervise_RootServiceWithoutCapChown_CannotChown()
    {
        var file = _directory.Combine("file");
        File.WriteAllText(file, "x");
        var service = InitRun.Service("root", "sh", "-c", $"grep -E 'CapBnd|CapEff' /proc/self/status; chown 1 {file} || echo chown refused") with
        {
            Type = "oneshot",
            Restart = "no",
            Capabilities = ["CAP_NET_BIND_SERVICE", "CAP_KILL"],
        };
        _run = await InitRun.StartAsync(_directory, InitRun.Spec(_directory, service));

        var log = await _run.WaitForLogAsync("root", "chown refused");

        Assert.Contains("out CapBnd:\t0000000000000420\n", log);
        Assert.Contains("out CapEff:\t0000000000000420\n", log);
        Assert.Contains("Operation not permitted", log);
        Assert.Equal(0u, Hoist.Linux.LinuxFiles.LStat(file).Uid);
        Assert.Equal(0, await _run.StopAsync());
    }

    [Fact]
    public async Task Supervise_MissingProgram_Exits127WithAClearLine()
    {
        var service = InitRun.Service("ghost", "/nonexistent/server", "--port", "1") with { Restart = "no" };
        _run = await InitRun.StartAsync(_directory, InitRun.Spec(_directory, service));

        var status = await _run.WaitForStatusAsync(s => InitRun.Of(s, "ghost").State == ServiceStates.Failed, "ghost failed");

        Assert.Equal(127, InitRun.Of(status, "ghost").LastExitCode);
        Assert.Contains("err hoist-init exec: cannot run /nonexistent/server: No such file or directory\n", _run.Log("ghost"));
        Assert.Contains("ghost: exited with code 127 (command not found); not restarted (Restart=no)", _run.Log());
        Assert.Equal(0, await _run.StopAsync());
    }

    public void Dispose()
    {
        _run?.Dispose();
        _directory.Dispose();
    }
}
