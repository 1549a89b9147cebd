using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Packaging.Manifests;
using Microsoft.Win32.SafeHandles;

namespace Hoist.Packaging.Files;

/// <summary>
/// An open package file (.hpkg): a plain tar whose entries are, in this order, index.json,
/// manifest.yaml and layer.tar.zst (later entries, such as signatures, are allowed). Opening it
/// checks everything but the layer's content; <see cref="PackageVerifier"/> checks that too.
/// </summary>
public sealed class PackageFile : IDisposable
{
    private const long MaxIndexSize = 64 << 10;
    private const long MaxManifestSize = 16 << 20;

    private readonly SafeFileHandle _handle;

    private PackageFile(string path, SafeFileHandle handle, byte[] manifestBytes, PackageManifest manifest, long fileSize, long layerOffset, long layerLength)
    {
        Path = path;
        _handle = handle;
        ManifestBytes = manifestBytes;
        Manifest = manifest;
        Digest = Digest.Of(manifestBytes);
        FileSize = fileSize;
        LayerOffset = layerOffset;
        LayerLength = layerLength;
    }

    public string Path { get; }

    /// <summary>The package's identity: the SHA-256 of manifest.yaml as stored.</summary>
    public Digest Digest { get; }

    /// <summary>The parsed manifest; valid, and with a layer.</summary>
    public PackageManifest Manifest { get; }

    /// <summary>manifest.yaml exactly as stored.</summary>
    public ReadOnlyMemory<byte> ManifestBytes { get; }

    public long FileSize { get; }

    /// <summary>Where the content of layer.tar.zst starts in the file.</summary>
    public long LayerOffset { get; }

    /// <summary>The length of layer.tar.zst, equal to the manifest's layer size.</summary>
    public long LayerLength { get; }

    /// <summary>
    /// Opens and checks a package file: index.json parses and has format hoist-package/1;
    /// manifest.yaml has the size and digest index.json gives, parses and is valid; layer.tar.zst
    /// has the size manifest.yaml gives and is wholly present in the file, so a truncated file is
    /// caught without decompressing anything. Throws <see cref="ErrorKind.NotFound"/> when there
    /// is no file at <paramref name="path"/>, and <see cref="ErrorKind.InvalidArgument"/> with a
    /// one-line message naming the file and the bad part for anything else.
    /// </summary>
    public static PackageFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw HoistException.InvalidArgument($"{path} is not a Hoist package: it is a directory");
        }

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw HoistException.NotFound($"package file {path} does not exist");
        }

        try
        {
            return Read(path, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>A read-only stream over the bytes of layer.tar.zst. Each call gives an independent
    /// stream; all of them stop working when this package file is disposed.</summary>
    public Stream OpenLayer()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return new FileRangeStream(_handle, LayerOffset, LayerLength);
    }

    public void Dispose() => _handle.Dispose();

    private static PackageFile Read(string path, SafeFileHandle handle)
    {
        using var archive = PackageArchive.Start(path, handle);
        var index = PackageIndex.Parse(
            archive.ReadContent(PackageFileNames.Index, archive.Next(PackageFileNames.Index), MaxIndexSize), path);

        var manifestEntry = archive.Next(PackageFileNames.Manifest);
        var manifestBytes = archive.ReadContent(PackageFileNames.Manifest, manifestEntry, MaxManifestSize);
        if (manifestBytes.Length != index.ManifestSize)
        {
            throw archive.Bad($"{PackageFileNames.Manifest} is {manifestBytes.Length} bytes, {PackageFileNames.Index} says {index.ManifestSize}");
        }

        var digest = Digest.Of(manifestBytes);
        if (digest != index.ManifestDigest)
        {
            throw archive.Bad($"{PackageFileNames.Manifest} does not match its digest in {PackageFileNames.Index} (expected {index.ManifestDigest}, got {digest})");
        }

        var manifest = ParseManifest(archive, path, manifestBytes);
        var layer = archive.Next(PackageFileNames.Layer);
        if (layer.Length != manifest.Layer!.Size)
        {
            throw archive.Bad($"{PackageFileNames.Layer} is {layer.Length} bytes, {PackageFileNames.Manifest} says {manifest.Layer.Size}");
        }

        var present = archive.Present(layer.Offset, layer.Length);
        if (present < layer.Length)
        {
            throw archive.Truncated(PackageFileNames.Layer, present, layer.Length);
        }

        if (!archive.HasEndAfter(layer.Offset, layer.Length))
        {
            throw archive.Bad($"the tar archive is truncated after {PackageFileNames.Layer} (its end-of-archive marker is missing)");
        }

        return new PackageFile(path, handle, manifestBytes, manifest, RandomAccess.GetLength(handle), layer.Offset, layer.Length);
    }

    private static PackageManifest ParseManifest(PackageArchive archive, string path, byte[] bytes)
    {
        var manifest = ManifestSerializer.Deserialize(bytes, $"{path}: {PackageFileNames.Manifest}");
        var errors = ManifestValidator.Validate(manifest, requireLayer: true);
        if (errors.Count > 0)
        {
            throw archive.Bad($"{PackageFileNames.Manifest} is invalid: {string.Join("; ", errors)}");
        }

        if (!Digest.TryParse(manifest.Layer!.Digest, out _) || !Digest.TryParse(manifest.Layer.DiffId, out _))
        {
            throw archive.Bad($"{PackageFileNames.Manifest}: layer.digest '{manifest.Layer.Digest}' and layer.diffId '{manifest.Layer.DiffId}' must be sha256 digests");
        }

        return manifest;
    }
}
