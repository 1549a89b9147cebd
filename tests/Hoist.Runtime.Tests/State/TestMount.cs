using Hoist.Core.Storage;
using Hoist.Testing;

namespace Hoist.Runtime.Tests.State;

/// <summary>A tmpfs that a test mounts in the machine's mount namespace (the code under test must
/// see it) and unmounts when disposed, so that nothing stays mounted after the test.</summary>
internal sealed class TestMount : IAsyncDisposable
{
    private TestMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> ("1m") at <paramref name="path"/> (created),
    /// read-only when <paramref name="readOnly"/>.</summary>
    public static async Task<TestMount> TmpfsAsync(string path, string size, bool readOnly = false)
    {
        Prerequisites.RequireRoot();
        Directory.CreateDirectory(path);
        var options = $"size={size},mode=0755" + (readOnly ? ",ro" : string.Empty);
        await Shell.RunAsync("mount", "-t", "tmpfs", "-o", options, "tmpfs", path);
        return new TestMount(path);
    }

    public async ValueTask DisposeAsync()
    {
        await Shell.RunAsync("umount", Path);
        Assert.Empty(Mounts.Below(Path));
    }
}
