namespace Hoist.Linux.Tests;

/// <summary>A directory for one test under the system temp directory, removed when the test ends.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("hoist-linux-test-").FullName;
    }

    public string Path { get; }

    public string Combine(string name) => System.IO.Path.Join(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
