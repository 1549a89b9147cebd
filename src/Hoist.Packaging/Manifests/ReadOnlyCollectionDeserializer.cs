using System.Diagnostics.CodeAnalysis;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Hoist.Packaging.Manifests;

/// <summary>Lets YamlDotNet fill IReadOnlyList and IReadOnlyDictionary properties, which it cannot
/// instantiate, by reading them as List and Dictionary.</summary>
internal sealed class ReadOnlyCollectionDeserializer : INodeDeserializer
{
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "the manifest's lists and maps are of types the program instantiates anyway; see ManifestSerializer")]
    public bool Deserialize(IParser reader, Type expectedType, Func<IParser, Type, object?> nestedObjectDeserializer, out object? value, ObjectDeserializer rootDeserializer)
    {
        value = null;
        if (!expectedType.IsGenericType)
        {
            return false;
        }

        var definition = expectedType.GetGenericTypeDefinition();
        var arguments = expectedType.GetGenericArguments();
        Type? concrete = null;
        if (definition == typeof(IReadOnlyList<>))
        {
            concrete = typeof(List<>).MakeGenericType(arguments);
        }
        else if (definition == typeof(IReadOnlyDictionary<,>))
        {
            concrete = typeof(Dictionary<,>).MakeGenericType(arguments);
        }

        if (concrete is null)
        {
            return false;
        }

        value = nestedObjectDeserializer(reader, concrete);
        return true;
    }
}
