using Hoist.Core.Processes;
using Hoist.Core.Storage;

namespace Hoist.Testing;

/// <summary>
/// The real hoist-init, published ahead of time once per test run: `dotnet publish src/Hoist.Init -c Release
/// -r linux-x64 -o /var/tmp/hoist-test/hoist-init` (under HOIST_TEST_HOME; no build servers left behind), under a file lock so that test
/// processes running at once never publish over each other. The binary is then copied to a directory of
/// this test process, so that a later publish by another process cannot change it under these tests.
/// HOIST_INIT names a binary to test instead.
/// </summary>
public static class HoistInitBinary
{
    private static readonly Lazy<Task<string>> Binary = new(PublishAsync);

    public static Task<string> PathAsync() => Binary.Value;

    private static async Task<string> PublishAsync()
    {
        if (Environment.GetEnvironmentVariable("HOIST_INIT") is { Length: > 0 } given)
        {
            Assert.True(File.Exists(given), $"HOIST_INIT names {given}, which does not exist");
            return given;
        }

        var output = Path.Combine(TestHome.Shared.Root, "hoist-init");
        var private_ = Path.Combine(Path.GetTempPath(), $"hoist-init-tests-{Environment.ProcessId}");
        var dotnet = Prerequisites.RequireTool("dotnet", "the .NET SDK (see install.sh)");
        using (await FileLock.AcquireAsync(output + ".lock", null, CancellationToken.None))
        {
            var result = await ProcessRunner.RunAsync(
                new ProcessSpec(dotnet, "publish", Path.Combine(RepositoryRoot(), "src/Hoist.Init"), "-c", "Release", "-r", "linux-x64", "-o", output, "--nologo", "--disable-build-servers")
                {
                    Timeout = TimeSpan.FromMinutes(5),
                    TailLines = 40,
                },
                CancellationToken.None);
            Assert.True(result.ExitCode == 0, $"dotnet publish of hoist-init failed:\n{string.Join('\n', result.Tail)}");
            Directory.CreateDirectory(private_);
            File.Copy(Path.Combine(output, "hoist-init"), Path.Combine(private_, "hoist-init"), overwrite: true);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(private_, recursive: true);
        return Path.Combine(private_, "hoist-init");
    }

    /// <summary>The directory holding Hoist.slnx, found from where the tests run.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hoist.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Hoist.slnx above {AppContext.BaseDirectory}");
    }
}
