using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Hoist.Init.Interop;

namespace Hoist.Init.Notify;

/// <summary>
/// The sd_notify socket: a unix datagram socket that services of Type=notify find in $NOTIFY_SOCKET.
/// SO_PASSCRED makes the kernel attach the sender's pid to each datagram (SCM_CREDENTIALS), so that a
/// message can be matched with its service; it is read with recvmsg on a thread of its own.
/// </summary>
internal sealed class NotifyListener : IDisposable
{
    private const int SolSocket = 1;
    private const int SoPassCred = 16;
    private const int ScmCredentials = 2;
    private const int ControlHeaderSize = 16;

    private const string FlushField = "X_HOIST_INIT_FLUSH";

    private readonly Socket _socket;
    private readonly Action<int, IReadOnlyDictionary<string, string>> _onMessage;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _flushes = new(StringComparer.Ordinal);

    /// <summary>Binds <paramref name="path"/> (replacing a stale socket file), writable by every user so that
    /// services that are not root can send; <paramref name="onMessage"/> gets the sender's pid (0 when
    /// unknown) and the message's KEY=VALUE lines.</summary>
    public NotifyListener(string path, Action<int, IReadOnlyDictionary<string, string>> onMessage)
    {
        Path = path;
        _onMessage = onMessage;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.Delete(path);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { Blocking = true };
        _socket.Bind(new UnixDomainSocketEndPoint(path));
        _socket.SetRawSocketOption(SolSocket, SoPassCred, BitConverter.GetBytes(1));
        File.SetUnixFileMode(path, (UnixFileMode)0x1b6);
        new Thread(Loop) { IsBackground = true, Name = "notify" }.Start();
    }

    public string Path { get; }

    /// <summary>Completes once every datagram sent before the call was handled: a message of hoist-init's
    /// own goes through the socket behind them. A service that sent READY=1 and then exited has its
    /// message handled before the caller decides it exited without it.</summary>
    public async Task FlushAsync()
    {
        var key = Guid.NewGuid().ToString("n");
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _flushes[key] = flushed;
        using var sender = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        await sender.SendToAsync(Encoding.ASCII.GetBytes($"{FlushField}={key}"), new UnixDomainSocketEndPoint(Path)).ConfigureAwait(false);
        await flushed.Task.ConfigureAwait(false);
    }

    /// <summary>Parses a notification: newline-separated KEY=VALUE assignments; other lines are ignored.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var equals = line.IndexOf('=');
            if (equals > 0)
            {
                fields[line[..equals]] = line[(equals + 1)..];
            }
        }

        return fields;
    }

    private unsafe void Loop()
    {
        var data = new byte[4096];
        var control = stackalloc byte[64];
        var fd = (int)_socket.Handle;
        fixed (byte* buffer = data)
        {
            while (true)
            {
                var vector = new IoVector { Base = buffer, Length = (nuint)data.Length };
                var message = new MessageHeader { Vectors = &vector, VectorCount = 1, Control = control, ControlLength = 64 };
                var received = LibC.RecvMsg(fd, &message, 0);
                if (received < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Errno.EINTR)
                    {
                        continue;
                    }

                    return;
                }

                var pid = message.ControlLength >= ControlHeaderSize + 4
                    && *(int*)(control + 8) == SolSocket && *(int*)(control + 12) == ScmCredentials
                    ? *(int*)(control + ControlHeaderSize) : 0;
                try
                {
                    var fields = Parse(Encoding.UTF8.GetString(buffer, (int)received));
                    if (pid == Environment.ProcessId && fields.TryGetValue(FlushField, out var key) && _flushes.TryRemove(key, out var flushed))
                    {
                        flushed.TrySetResult();
                        continue;
                    }

                    _onMessage(pid, fields);
                }
                catch (Exception e)
                {
                    // A bad message must not end the listener (nor, as pid 1, the container).
                    Console.Error.WriteLine($"hoist-init: notify message dropped: {e.Message}");
                }
            }
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        File.Delete(Path);
    }
}
