namespace Hoist.Packaging.Compatibility;

/// <summary>Why a package cannot run on an OS image. The values are bits: a report's exit code
/// is 16 plus the kinds it found, so a script can tell them apart.</summary>
[Flags]
public enum IncompatibilityKind
{
    /// <summary>The package's programs are built for another processor architecture.</summary>
    Architecture = 1,

    /// <summary>The package needs symbol versions of a newer glibc than the image's.</summary>
    Glibc = 2,

    /// <summary>The package needs shared libraries that it does not carry and the image lacks.</summary>
    Libraries = 4,
}
