using Hoist.Runtime.State;

namespace Hoist.Runtime.Tests.State;

/// <summary>The metadata of a redis app's state, as a backup command would fill it in.</summary>
internal static class TestMetadata
{
    public static StateMetadata Create() => new()
    {
        App = "cache",
        Package = "sha256:" + new string('a', 64),
        PackageName = "redis",
        PackageVersion = "5:7.0.15-1~deb12u1",
        Parameters = new Dictionary<string, string> { ["port"] = "6380", ["maxmemory"] = "64mb" },
        Resources = new Dictionary<string, string> { ["memory"] = "256M" },
        SourceHost = "lab-1",
        SourceOs = "Debian GNU/Linux 12 (bookworm)",
        Created = new DateTimeOffset(2026, 11, 25, 12, 30, 15, TimeSpan.FromHours(2)),
        HoistVersion = "0.1.0",
        Mode = StateCaptureMode.Stopped,
    };
}
