using Hoist.Core.Storage;
using Hoist.Library;

namespace Hoist.Testing;

/// <summary>
/// The library that integration tests share within one test run: OS images are built into it once
/// (under the library's own per-image lock, so test projects running one after another, or at once,
/// never build an image twice). HOIST_TEST_HOME moves it; by default /var/tmp/hoist-test.
/// </summary>
public static class TestHome
{
    public static HoistHome Shared { get; } = new(Environment.GetEnvironmentVariable("HOIST_TEST_HOME") is { Length: > 0 } root ? root : "/var/tmp/hoist-test");

    public static LocalLibrary Library { get; } = new(Shared);
}
