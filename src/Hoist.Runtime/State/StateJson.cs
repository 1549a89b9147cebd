using System.Text.Json;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Core.Text;

namespace Hoist.Runtime.State;

/// <summary>Reads, writes and checks state.json.</summary>
internal static class StateJson
{
    public static byte[] Serialize(StateMetadata metadata) =>
        JsonSerializer.SerializeToUtf8Bytes(metadata, StateJsonContext.Default.StateMetadata);

    /// <summary>Parses state.json and checks it with <see cref="Problems"/> (layer and root
    /// required). Throws <see cref="ErrorKind.InvalidArgument"/> "FILE: state.json is invalid: ...".</summary>
    public static StateMetadata Parse(ReadOnlySpan<byte> json, string file)
    {
        StateMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize(json, StateJsonContext.Default.StateMetadata);
        }
        catch (JsonException e)
        {
            throw Invalid(file, e.Message.ReplaceLineEndings(" "));
        }

        if (metadata is null)
        {
            throw Invalid(file, "it is null");
        }

        var problems = Problems(metadata, written: true);
        return problems.Count == 0 ? metadata : throw Invalid(file, string.Join("; ", problems));
    }

    /// <summary>Every problem with <paramref name="metadata"/>, as phrases naming the field; empty
    /// when it is valid. <paramref name="written"/> requires the layer and root that the writer sets.</summary>
    public static IReadOnlyList<string> Problems(StateMetadata metadata, bool written)
    {
        var problems = new List<string>();
        if (metadata.Format != StateArchiveNames.Format)
        {
            problems.Add($"format '{metadata.Format}' is not {StateArchiveNames.Format}");
        }

        CheckName(problems, metadata.App, "app");
        CheckName(problems, metadata.PackageName, "packageName");
        if (!Digest.TryParse(metadata.Package, out _))
        {
            problems.Add($"package '{metadata.Package}' is not a sha256 digest");
        }

        Check(problems, () => Names.ValidateVersion(metadata.PackageVersion), "packageVersion");
        if (string.IsNullOrWhiteSpace(metadata.SourceHost))
        {
            problems.Add("sourceHost is empty");
        }

        if (string.IsNullOrWhiteSpace(metadata.HoistVersion))
        {
            problems.Add("hoistVersion is empty");
        }

        if (!Enum.IsDefined(metadata.Mode))
        {
            problems.Add($"mode {metadata.Mode} is neither stopped nor frozen");
        }

        if (metadata.Parameters.Keys.Concat(metadata.Resources.Keys).Any(string.IsNullOrEmpty))
        {
            problems.Add("a parameter or resource has an empty name");
        }

        if (written)
        {
            CheckWritten(problems, metadata);
        }

        return problems;
    }

    private static void CheckWritten(List<string> problems, StateMetadata metadata)
    {
        if (metadata.Root is not { } root)
        {
            problems.Add("root is missing");
        }
        else if (root.Mode > 0xFFF)
        {
            problems.Add($"root.mode {Convert.ToString(root.Mode, 8)} has bits beyond 07777");
        }

        if (metadata.Layer is not { } layer)
        {
            problems.Add("layer is missing");
            return;
        }

        if (!Digest.TryParse(layer.Digest, out _) || !Digest.TryParse(layer.DiffId, out _))
        {
            problems.Add($"layer.digest '{layer.Digest}' and layer.diffId '{layer.DiffId}' must be sha256 digests");
        }

        if (layer.Size < 0 || layer.UncompressedSize < 0 || layer.Entries < 0 || layer.ContentBytes < 0 || layer.Whiteouts < 0)
        {
            problems.Add("layer sizes and counts may not be negative");
        }
    }

    private static void CheckName(List<string> problems, string name, string field) =>
        Check(problems, () => Names.Validate(name, field), field);

    private static void Check(List<string> problems, Action validate, string field)
    {
        try
        {
            validate();
        }
        catch (HoistException e)
        {
            problems.Add(e.Message);
        }
        catch (ArgumentNullException)
        {
            problems.Add($"{field} is missing");
        }
    }

    private static HoistException Invalid(string file, string problem) =>
        HoistException.InvalidArgument($"{file}: {StateArchiveNames.Metadata} is invalid: {problem}");
}
