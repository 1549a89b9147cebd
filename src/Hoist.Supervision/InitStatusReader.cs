using System.Text.Json;

namespace Hoist.Supervision;

/// <summary>
/// Reads hoist-init's status with the JSON reader alone. The serializer (<see cref="SupervisionJson"/>)
/// builds the status's type data at its first use, 4 to 6 ms of CPU that `hoist start` spent while the
/// services it had just started needed the machine's two cores (perf). Reads what the serializer
/// writes: the contract's camelCase names, members in any order, unknown members skipped, and a null
/// where the contract has no nullable type refused.
/// </summary>
public static class InitStatusReader
{
    /// <summary>The status in <paramref name="json"/>; throws <see cref="JsonException"/> when it is not one.</summary>
    public static InitStatus Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        Next(ref reader, JsonTokenType.StartObject);
        var status = new InitStatus();
        while (Member(ref reader) is { } name)
        {
            switch (name)
            {
                case "app":
                    status.App = Text(ref reader);
                    break;
                case "state":
                    status.State = Text(ref reader);
                    break;
                case "updated":
                    status.Updated = Time(ref reader);
                    break;
                case "started":
                    status.Started = Time(ref reader);
                    break;
                case "services":
                    status.Services = Services(ref reader);
                    break;
                case "message":
                    status.Message = NullableText(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (reader.Read())
        {
            throw new JsonException("hoist-init's status: more after its end");
        }

        return status;
    }

    private static List<ServiceStatus> Services(ref Utf8JsonReader reader)
    {
        var services = new List<ServiceStatus>();
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject);
            var service = new ServiceStatus();
            while (Member(ref reader) is { } name)
            {
                switch (name)
                {
                    case "name":
                        service.Name = Text(ref reader);
                        break;
                    case "state":
                        service.State = Text(ref reader);
                        break;
                    case "pid":
                        service.Pid = NullableNumber(ref reader);
                        break;
                    case "restarts":
                        service.Restarts = NullableNumber(ref reader) ?? throw new JsonException("hoist-init's status: restarts is null");
                        break;
                    case "lastExitCode":
                        service.LastExitCode = NullableNumber(ref reader);
                        break;
                    case "lastSignal":
                        service.LastSignal = NullableNumber(ref reader);
                        break;
                    case "since":
                        service.Since = Time(ref reader);
                        break;
                    case "message":
                        service.Message = NullableText(ref reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            services.Add(service);
        }

        Expect(ref reader, JsonTokenType.EndArray);
        return services;
    }

    // The next member's name, with the reader on its value; null at the object's end.
    private static string? Member(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndObject)
        {
            Expect(ref reader, JsonTokenType.EndObject);
            return null;
        }

        Expect(ref reader, JsonTokenType.PropertyName);
        var name = reader.GetString()!;
        if (!reader.Read())
        {
            throw new JsonException($"hoist-init's status: {name} has no value");
        }

        return name;
    }

    private static string Text(ref Utf8JsonReader reader) =>
        NullableText(ref reader) ?? throw new JsonException("hoist-init's status: a text is null");

    private static string? NullableText(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : reader.TokenType == JsonTokenType.String ? reader.GetString() : throw Unexpected(reader);

    private static int? NullableNumber(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : throw Unexpected(reader);

    private static DateTimeOffset Time(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetDateTimeOffset() : throw Unexpected(reader);

    private static void Next(ref Utf8JsonReader reader, JsonTokenType expected)
    {
        if (!reader.Read())
        {
            throw new JsonException("hoist-init's status: empty");
        }

        Expect(ref reader, expected);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected)
    {
        if (reader.TokenType != expected)
        {
            throw Unexpected(reader);
        }
    }

    private static JsonException Unexpected(Utf8JsonReader reader) =>
        new($"hoist-init's status: {reader.TokenType} where it was not expected, at byte {reader.TokenStartIndex}");
}
