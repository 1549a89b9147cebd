namespace Hoist.Packaging.Tests.Layers;

/// <summary>A directory for one test under the system temp directory (ext4 here, so xattrs and
/// device nodes work), removed when the test ends.</summary>
internal sealed class TestDirectory : IDisposable
{
    public TestDirectory()
    {
        Path = Directory.CreateTempSubdirectory("hoist-packaging-test-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Join([Path, .. parts]);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
