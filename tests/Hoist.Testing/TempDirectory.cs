namespace Hoist.Testing;

/// <summary>A directory for one test, removed when disposed unless HOIST_TEST_KEEP=1 (to look at
/// what a failing test left).</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string? prefix = null)
    {
        Path = System.IO.Path.Combine("/var/tmp", $"hoist-t-{prefix ?? "test"}-{Guid.NewGuid():n}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("HOIST_TEST_KEEP") != "1" && Directory.Exists(Path))
        {
            Hoist.Core.Storage.FileTree.Delete(Path);
        }
    }
}
