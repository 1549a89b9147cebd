using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Hoist.Init.Notify;
using Hoist.Testing;

namespace Hoist.Init.Tests.Notify;

public sealed class NotifyListenerTests : IDisposable
{
    private readonly TempDirectory _directory = new("init-notify");

    [Fact]
    public void Parse_Assignments_OneFieldEach()
    {
        var fields = NotifyListener.Parse("READY=1\nSTATUS=Accepting connections=yes\nMAINPID=42\ngarbage\n");

        Assert.Equal(new Dictionary<string, string> { ["READY"] = "1", ["STATUS"] = "Accepting connections=yes", ["MAINPID"] = "42" }, fields);
    }

    [Fact]
    public async Task Datagram_FromThisProcess_DeliveredWithItsPid()
    {
        var received = new BlockingCollection<(int Pid, IReadOnlyDictionary<string, string> Fields)>();
        var path = _directory.Combine("sub", "notify.sock");
        using var listener = new NotifyListener(path, (pid, fields) => received.Add((pid, fields)));
        using var sender = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

        await sender.SendToAsync(Encoding.UTF8.GetBytes("READY=1"), new UnixDomainSocketEndPoint(path));

        Assert.True(received.TryTake(out var message, TimeSpan.FromSeconds(5)));
        Assert.Equal(Environment.ProcessId, message.Pid);
        Assert.Equal("1", message.Fields["READY"]);
        Assert.Equal((UnixFileMode)0x1b6, File.GetUnixFileMode(path) & (UnixFileMode)0x1ff);
    }

    [Fact]
    public async Task FlushAsync_AfterDatagrams_EveryOneWasHandled()
    {
        var handled = 0;
        var path = _directory.Combine("notify.sock");
        using var listener = new NotifyListener(path, (_, _) => Interlocked.Increment(ref handled));
        using var sender = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        for (var i = 0; i < 50; i++)
        {
            await sender.SendToAsync(Encoding.UTF8.GetBytes($"STATUS={i}"), new UnixDomainSocketEndPoint(path));
        }

        await listener.FlushAsync().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(50, Volatile.Read(ref handled));
    }

    public void Dispose() => _directory.Dispose();
}
