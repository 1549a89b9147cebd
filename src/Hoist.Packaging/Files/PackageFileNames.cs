namespace Hoist.Packaging.Files;

/// <summary>The names inside a package file (.hpkg), in the order they must appear.</summary>
internal static class PackageFileNames
{
    internal const string Format = "hoist-package/1";
    internal const string Index = "index.json";
    internal const string Manifest = "manifest.yaml";
    internal const string Layer = "layer.tar.zst";
}
