namespace Hoist.Fabric.Api;

/// <summary>The kinds of library item.</summary>
public static class LibraryKinds
{
    /// <summary>An OS root filesystem; a tree recipe.</summary>
    public const string Image = "image";

    /// <summary>A .hpkg file; a blob recipe.</summary>
    public const string Package = "package";

    /// <summary>An app's state layer; a tree recipe.</summary>
    public const string State = "state";
}
