using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Hoist.Cli.Output;

/// <summary>Prints what --json shows (see JsonViews.cs).</summary>
internal static class Json
{
    public static void Write<T>(TextWriter writer, T value, JsonTypeInfo<T> type) => writer.WriteLine(JsonSerializer.Serialize(value, type));
}
