using Hoist.Core.Progress;
using Hoist.Library.Images;

namespace Hoist.Testing;

/// <summary>Real debootstrap'ed OS images for integration tests, built once per test run into
/// <see cref="TestHome.Shared"/> and named after their release ("bookworm", "trixie").</summary>
public static class TestImages
{
    /// <summary>The image of <paramref name="release"/>, built now if the shared library lacks it.
    /// Fails the test with how to install debootstrap when it is missing.</summary>
    public static async Task<ImageRecord> GetAsync(string release)
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireTool("debootstrap", "debootstrap");
        var (image, _) = await new ImageBuilder(TestHome.Library.Images)
            .BuildAsync(new ImageBuildRequest(release, release), NullProgress.Instance, CancellationToken.None);
        return image;
    }
}
