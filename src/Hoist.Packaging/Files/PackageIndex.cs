using System.Globalization;
using System.Text;
using System.Text.Json;
using Hoist.Core.Errors;
using Hoist.Core.Storage;

namespace Hoist.Packaging.Files;

/// <summary>index.json, the first entry of a package file: the format, and the size and digest
/// of manifest.yaml, so that a reader can tell what it holds before parsing any YAML.</summary>
internal sealed record PackageIndex(Digest ManifestDigest, long ManifestSize)
{
    /// <summary>{"format":"hoist-package/1","manifest":{"digest":"sha256:…","size":N}}, always the same bytes for the same values.</summary>
    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(
        $"{{\"format\":\"{PackageFileNames.Format}\",\"manifest\":{{\"digest\":\"{ManifestDigest}\",\"size\":{ManifestSize.ToString(CultureInfo.InvariantCulture)}}}}}");

    /// <summary>Parses index.json; unknown fields are allowed (later versions may add some).
    /// Throws <see cref="ErrorKind.InvalidArgument"/> "FILE: index.json ..." naming the problem.</summary>
    public static PackageIndex Parse(ReadOnlyMemory<byte> json, string file)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var format = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String
                ? f.GetString()
                : null;
            if (format != PackageFileNames.Format)
            {
                throw Bad(file, format is null ? "has no format" : $"format '{format}' is not {PackageFileNames.Format}");
            }

            if (!root.TryGetProperty("manifest", out var manifest) || manifest.ValueKind != JsonValueKind.Object
                || !manifest.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.String
                || !Digest.TryParse(digest.GetString(), out var manifestDigest))
            {
                throw Bad(file, "manifest.digest is missing or not a sha256 digest");
            }

            if (!manifest.TryGetProperty("size", out var size) || !size.TryGetInt64(out var manifestSize) || manifestSize < 0)
            {
                throw Bad(file, "manifest.size is missing or not a byte count");
            }

            return new PackageIndex(manifestDigest, manifestSize);
        }
        catch (JsonException e)
        {
            throw Bad(file, $"is not valid JSON ({e.Message})");
        }
    }

    private static HoistException Bad(string file, string problem) =>
        HoistException.InvalidArgument($"{file}: {PackageFileNames.Index} {problem}");
}
