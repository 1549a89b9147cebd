using System.Text;

namespace Hoist.Init.Logging;

/// <summary>hoist-init's own events ("redis-server: started, pid 12"), in hoist-init.log with the line
/// format of the services' logs: "out" for what happens as planned, "err" for failures.</summary>
internal sealed class EventLog(LogFile file, TimeProvider time)
{
    public void Info(string text) => Write(LogLine.Out, text);

    public void Error(string text) => Write(LogLine.Err, text);

    private void Write(string stream, string text) =>
        file.Append(Encoding.UTF8.GetBytes(LogLine.Format(time.GetUtcNow(), stream, text.ReplaceLineEndings(" "))));
}
