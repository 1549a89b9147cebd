using Hoist.Init.Exec;
using Hoist.Testing;

namespace Hoist.Init.Tests.Exec;

public sealed class ProgramRunnerTests : IDisposable
{
    private readonly TempDirectory _directory = new("init");

    [Fact]
    public void Resolve_PathWithSlash_IsTakenAsItIs()
    {
        Assert.Equal("./missing", ProgramRunner.Resolve("./missing", ["PATH=/usr/bin"]));
    }

    [Fact]
    public void Resolve_Search_SkipsWhatExecveWouldRefuseAndTakesTheFirstExecutable()
    {
        var missing = _directory.Combine("missing");
        var directories = _directory.Combine("directories");
        var plain = _directory.Combine("plain");
        var programs = _directory.Combine("programs");
        Directory.CreateDirectory(Path.Combine(directories, "tool"));
        Directory.CreateDirectory(plain);
        File.WriteAllText(Path.Combine(plain, "tool"), "data");
        File.SetUnixFileMode(Path.Combine(plain, "tool"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.CreateDirectory(programs);
        File.Copy("/bin/true", Path.Combine(programs, "tool"));

        var found = ProgramRunner.Resolve("tool", [$"PATH={missing}:{directories}:{plain}:{programs}/"]);

        Assert.Equal(Path.Combine(programs, "tool"), found);
    }

    [Fact]
    public void Resolve_NothingFound_IsNull()
    {
        Assert.Null(ProgramRunner.Resolve("no-such-program", [$"PATH={_directory.Path}"]));
    }

    [Fact]
    public void Resolve_NoPath_SearchesTheDefaultOne()
    {
        Assert.Equal("/usr/bin/env", ProgramRunner.Resolve("env", ["HOME=/"]));
    }

    public void Dispose() => _directory.Dispose();
}
