using Hoist.Cli.Output;
using Hoist.Core.Storage;
using Hoist.Library;

namespace Hoist.Cli;

/// <summary>What every command needs: where to write, the library, progress. One per process.</summary>
internal sealed class CliContext
{
    private LocalLibrary? _library;

    public CliContext(TextWriter output, TextWriter error)
    {
        Out = output;
        Error = error;
    }

    /// <summary>Results: what a script may parse.</summary>
    public TextWriter Out { get; }

    /// <summary>Progress, program output, warnings and errors.</summary>
    public TextWriter Error { get; }

    /// <summary>The local library at HOIST_HOME (default /var/lib/hoist), opened on first use.</summary>
    public LocalLibrary Library => _library ??= new LocalLibrary(HoistHome.FromEnvironment());

    public ConsoleProgress NewProgress() => ConsoleProgress.ForStandardError();
}
