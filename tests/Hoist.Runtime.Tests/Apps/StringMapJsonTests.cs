using System.Text.Json;
using Hoist.Runtime.Apps;

namespace Hoist.Runtime.Tests.Apps;

public sealed class StringMapJsonTests
{
    [Fact]
    public void WriteThenRead_ValuesWithQuotesNewlinesAndNonAscii_ComeBackTheSame()
    {
        var values = new Dictionary<string, string>
        {
            ["site"] = "<h1>\"Hoist\" é ü 日本</h1>\n\tline two\\",
            ["port"] = "8080",
            ["empty"] = "",
        };

        var read = StringMapJson.Read(StringMapJson.Write(values));

        Assert.Equal(values.OrderBy(v => v.Key), read.OrderBy(v => v.Key));
    }

    [Fact]
    public void Read_WhatTheSerializerWroteBefore_SameValues()
    {
        var stored = JsonSerializer.Serialize(new Dictionary<string, string> { ["bind"] = "127.0.0.1", ["note"] = "a \"b\" <c>" });

        Assert.Equal(new Dictionary<string, string> { ["bind"] = "127.0.0.1", ["note"] = "a \"b\" <c>" }, StringMapJson.Read(stored));
        Assert.Empty(StringMapJson.Read("{}"));
        Assert.Equal("{}", StringMapJson.Write(new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"port\":6379}")]
    [InlineData("{\"a\":\"b\"} x")]
    [InlineData("{\"a\":{\"b\":\"c\"}}")]
    public void Read_NotAnObjectOfStrings_Throws(string json)
    {
        Assert.ThrowsAny<JsonException>(() => StringMapJson.Read(json));
    }
}
