namespace Hoist.Packaging.Compatibility;

/// <summary>One reason a package cannot run on an OS image.</summary>
/// <param name="Kind">Which check failed.</param>
/// <param name="Message">One line naming the package's need and what the image has instead.</param>
public sealed record Incompatibility(IncompatibilityKind Kind, string Message);
