using Hoist.Sequencing.Capture;

namespace Hoist.Sequencing.Tests.Capture;

public sealed class HelperScriptsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hoist-helper-scripts-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // The port probe's shell sources system-mounts.sh while the capture writes the helpers again
    // (the probe starts first). A rewrite in place once let the probe read a truncated copy.
    [Fact]
    public void Write_Again_LeavesAReaderOfTheFirstCopyAWholeFile()
    {
        HelperScripts.Write(_directory, HelperScripts.Probe);
        var mounts = Path.Combine(_directory, "system-mounts.sh");
        var expected = File.ReadAllBytes(mounts);

        using var reader = File.OpenRead(mounts);
        var head = new byte[100];
        reader.ReadExactly(head);

        HelperScripts.Write(_directory, HelperScripts.Capture);

        using var rest = new MemoryStream();
        reader.CopyTo(rest);
        Assert.Equal(expected, head.Concat(rest.ToArray()).ToArray());
        Assert.Contains("HOIST_OVERLAY_OPTIONS=", File.ReadAllText(mounts));
        Assert.Equal(new[] { "capture.sh", "probe.sh", "system-mounts.sh" }, Directory.GetFiles(_directory).Select(Path.GetFileName).Order());
    }
}
