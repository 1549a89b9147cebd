namespace Hoist.Library.Images;

/// <summary>What an image build did.</summary>
public enum ImageBuildOutcome
{
    /// <summary>Ran debootstrap.</summary>
    Built,

    /// <summary>The image existed with that release; nothing was done.</summary>
    AlreadyBuilt,

    /// <summary>Copied another image already built from the same release.</summary>
    Copied,
}
