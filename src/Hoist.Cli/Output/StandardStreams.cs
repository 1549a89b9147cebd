using System.Text;

namespace Hoist.Cli.Output;

/// <summary>
/// hoist's standard output and error: UTF-8 writers on the console's streams, flushed at each write and
/// safe to share between threads. Console.Out and Console.Error would first look up the terminal's
/// encoding by its name from the locale, 1.1 to 1.6 ms of every command (perf uprobes, exec of `hoist
/// start` to its signal); hoist writes UTF-8 whatever the locale.
/// </summary>
internal static class StandardStreams
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static TextWriter Output() => Open(Console.OpenStandardOutput());

    public static TextWriter Error() => Open(Console.OpenStandardError());

    private static TextWriter Open(Stream stream) => TextWriter.Synchronized(new StreamWriter(stream, Utf8, bufferSize: 1024) { AutoFlush = true });
}
