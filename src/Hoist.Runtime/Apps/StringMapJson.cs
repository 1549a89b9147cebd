using System.Text;
using System.Text.Json;

namespace Hoist.Runtime.Apps;

/// <summary>
/// An app's parameter values and resource limits as the index stores them: one JSON object of strings.
/// Read and written with the JSON reader and writer alone: the serializer's first use builds its type
/// data by reflection, which cost `hoist start` 2.6 ms before the app's record was read (perf, 15 starts).
/// </summary>
internal static class StringMapJson
{
    public static string Write(IReadOnlyDictionary<string, string> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in values)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The object's members; throws <see cref="JsonException"/> when the text is not an object of
    /// strings (the index was changed by hand).</summary>
    public static Dictionary<string, string> Read(string json)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, json);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            Expect(reader.Read() && reader.TokenType == JsonTokenType.String, json);
            values[key] = reader.GetString()!;
        }

        Expect(reader.TokenType == JsonTokenType.EndObject && !reader.Read(), json);
        return values;
    }

    private static void Expect(bool condition, string json)
    {
        if (!condition)
        {
            throw new JsonException($"not a JSON object of strings: {json}");
        }
    }
}
