using System.Globalization;
using System.Text;
using System.Text.Json;
using Hoist.Core.Errors;
using Hoist.Core.Storage;

namespace Hoist.Runtime.State;

/// <summary>index.json, the first entry of a state archive: the format, and the digest and size of
/// state.json, so that a reader knows what it holds before parsing anything else.</summary>
internal sealed record StateIndex(Digest MetadataDigest, long MetadataSize)
{
    /// <summary>{"format":"hoist-state/1","metadata":{"digest":"sha256:…","size":N}}, always the same bytes for the same values.</summary>
    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(
        $"{{\"format\":\"{StateArchiveNames.Format}\",\"metadata\":{{\"digest\":\"{MetadataDigest}\",\"size\":{MetadataSize.ToString(CultureInfo.InvariantCulture)}}}}}");

    /// <summary>Parses index.json; unknown fields are allowed (later versions may add some). Throws
    /// <see cref="ErrorKind.InvalidArgument"/> "FILE: index.json PROBLEM", or "FILE is not a Hoist
    /// state archive: it is a Hoist package (.hpkg)" for a package's index.</summary>
    public static StateIndex Parse(ReadOnlyMemory<byte> json, string file)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var format = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String
                ? f.GetString()
                : null;
            if (format == StateArchiveNames.PackageFormat)
            {
                throw HoistException.InvalidArgument(
                    $"{file} is not a Hoist state archive: it is a Hoist package (.hpkg)", "give the file that 'hoist state backup' wrote");
            }

            if (format != StateArchiveNames.Format)
            {
                throw Bad(file, format is null ? "has no format" : $"format '{format}' is not {StateArchiveNames.Format}");
            }

            if (!root.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object
                || !metadata.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.String
                || !Digest.TryParse(digest.GetString(), out var metadataDigest))
            {
                throw Bad(file, "metadata.digest is missing or not a sha256 digest");
            }

            if (!metadata.TryGetProperty("size", out var size) || !size.TryGetInt64(out var metadataSize) || metadataSize < 0)
            {
                throw Bad(file, "metadata.size is missing or not a byte count");
            }

            return new StateIndex(metadataDigest, metadataSize);
        }
        catch (JsonException e)
        {
            throw Bad(file, $"is not valid JSON ({e.Message.ReplaceLineEndings(" ")})");
        }
    }

    private static HoistException Bad(string file, string problem) =>
        HoistException.InvalidArgument($"{file}: {StateArchiveNames.Index} {problem}");
}
