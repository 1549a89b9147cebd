using System.Text;
using System.Text.Json;
using Hoist.Supervision;

namespace Hoist.Runtime.Tests.Supervision;

/// <summary>InitStatusReader against what hoist-init's serializer writes.</summary>
public sealed class InitStatusReaderTests
{
    [Fact]
    public void Read_WhatTheSerializerWrote_SameStatus()
    {
        var written = new InitStatus
        {
            App = "redis",
            State = AppStates.Running,
            Updated = new DateTimeOffset(2026, 12, 2, 9, 30, 1, TimeSpan.Zero).AddTicks(1234567),
            Started = new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero),
            Message = "redis-server keeps dying",
            Services =
            [
                new ServiceStatus { Name = "redis-server", State = ServiceStates.Ready, Pid = 7, Since = new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero) },
                new ServiceStatus { Name = "sentinel", State = ServiceStates.CrashLooping, Restarts = 5, LastExitCode = 1, LastSignal = 9, Message = "exited with \"1\"\n", Since = DateTimeOffset.UnixEpoch },
            ],
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(written, SupervisionJson.Default.InitStatus);

        var read = InitStatusReader.Read(json);

        Assert.Equal(Encoding.UTF8.GetString(json), JsonSerializer.Serialize(read, SupervisionJson.Default.InitStatus));
    }

    [Fact]
    public void Read_UnknownMembersAndOtherOrder_Skipped()
    {
        var read = InitStatusReader.Read("""{"services":[{"state":"ready","extra":{"a":[1,2]},"name":"s"}],"future":true,"state":"running","app":"a"}"""u8);

        Assert.Equal(("a", AppStates.Running, "s", ServiceStates.Ready), (read.App, read.State, read.Services[0].Name, read.Services[0].State));
    }

    [Theory]
    [InlineData("""{"app":null,"state":"running"}""")]
    [InlineData("""{"app":"a","state":"running","services":[{"name":"s","restarts":"x"}]}""")]
    [InlineData("""{"app":"a","state":"runn""")]
    [InlineData("""[]""")]
    [InlineData("")]
    public void Read_NotAStatus_Throws(string json)
    {
        Assert.ThrowsAny<JsonException>(() => InitStatusReader.Read(Encoding.UTF8.GetBytes(json)));
    }
}
