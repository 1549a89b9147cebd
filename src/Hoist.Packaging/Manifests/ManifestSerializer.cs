using System.Diagnostics.CodeAnalysis;
using System.Text;
using Hoist.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Hoist.Packaging.Manifests;

/// <summary>Reads and writes manifest.yaml. The same manifest always gives the same bytes, so
/// that a package's digest depends only on what it holds.</summary>
public static class ManifestSerializer
{
    private static readonly ISerializer Writer = BuildWriter();
    private static readonly IDeserializer Reader = BuildReader();

    public static string Serialize(PackageManifest manifest) => Writer.Serialize(manifest);

    public static byte[] SerializeToUtf8(PackageManifest manifest) => Encoding.UTF8.GetBytes(Serialize(manifest));

    /// <summary>Parses a manifest. Throws <see cref="ErrorKind.InvalidArgument"/> naming the line
    /// and the problem when the YAML is malformed or has unknown fields; <paramref name="source"/>
    /// names the file in the message.</summary>
    public static PackageManifest Deserialize(string yaml, string source = "manifest.yaml")
    {
        try
        {
            return Reader.Deserialize<PackageManifest?>(yaml)
                ?? throw HoistException.InvalidArgument($"{source} is empty");
        }
        catch (YamlException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            var at = reason.IndexOf("): ", StringComparison.Ordinal);
            if (at >= 0 && reason.StartsWith("(Line", StringComparison.Ordinal))
            {
                reason = reason[(at + 3)..];
            }

            throw HoistException.InvalidArgument($"{source}: line {e.Start.Line}: {reason}");
        }
    }

    public static PackageManifest Deserialize(ReadOnlySpan<byte> utf8, string source = "manifest.yaml") =>
        Deserialize(Encoding.UTF8.GetString(utf8), source);

    // hoist is compiled ahead of time, and YamlDotNet maps the manifest by reflection. That works
    // because the CLI keeps every member of its assemblies (TrimMode=partial) and the manifest's
    // collections hold reference types or instantiations the program uses anyway; the CLI's tests
    // run the compiled hoist over every manifest field.
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "see above")]
    private static ISerializer BuildWriter() => new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitDefaults | DefaultValuesHandling.OmitEmptyCollections)
        .DisableAliases()
        .Build();

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "see BuildWriter")]
    private static IDeserializer BuildReader() => new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithNodeDeserializer(new ReadOnlyCollectionDeserializer(), w => w.OnTop())
        .Build();
}
