namespace Hoist.Sequencing.Analysis;

/// <summary>A path the installer added or changed, as the capture's delta lists it.</summary>
/// <param name="Path">The absolute path in the installed system.</param>
/// <param name="IsDirectory">True for a directory.</param>
/// <param name="ExistedBefore">True when the path was already on the image (the installer changed it); false when it added it.</param>
public sealed record DeltaPath(string Path, bool IsDirectory, bool ExistedBefore);
