using System.CommandLine;
using System.Runtime.InteropServices;
using Hoist.Cli.Output;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Library.Index;

namespace Hoist.Cli;

internal static class Program
{
    // Kept for the life of the process: a registration that the collector finalizes is unregistered.
    private static PosixSignalRegistration[]? _signals;

    private static async Task<int> Main(string[] args)
    {
        // Not disposed: a signal handler may still cancel it while the process ends (it holds no timer).
        var cancel = new CancellationTokenSource();

        // Done on the other core while this one parses the command line: SQLite's library loaded and the
        // library's index opened for the first read (nearly every command reads it; see LibraryIndex.Warm),
        // then the handlers of SIGINT and SIGTERM, whose registration costs about 1 ms. A signal that comes
        // before them ends hoist at once, as before any handler: nothing has been done yet that would
        // need undoing.
        new Thread(() =>
        {
            LibraryIndex.Warm(HoistHome.FromEnvironment());
            _signals = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop)];
        })
        { IsBackground = true, Name = "start-up" }.Start();
        var context = new CliContext(StandardStreams.Output(), StandardStreams.Error());
        var parse = CommandLine.Build(context, args).Parse(args);
        if (parse.Errors.Count > 0)
        {
            await context.Error.WriteLineAsync(ParseErrorText.For(parse)).ConfigureAwait(false);
            return ExitCodes.InvalidArgument;
        }

        try
        {
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null, Output = context.Out, Error = context.Error };
            return await parse.InvokeAsync(configuration, cancel.Token).ConfigureAwait(false);
        }
        catch (HoistException e)
        {
            Report(context.Error, e);
            return ExitCodes.For(e);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("hoist: cancelled; nothing was left behind").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            await context.Error.WriteLineAsync($"hoist: internal error: {e.GetType().Name}: {e.Message} (set HOIST_DEBUG=1 for the stack trace)").ConfigureAwait(false);
            if (Environment.GetEnvironmentVariable("HOIST_DEBUG") == "1")
            {
                await context.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            return ExitCodes.Internal;
        }

        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            cancel.Cancel();
        }
    }

    /// <summary>Writes an error as its context lines (indented) and then one line: what failed; what to do.</summary>
    internal static void Report(TextWriter error, HoistException e)
    {
        foreach (var line in e.Details)
        {
            error.WriteLine("  | " + line);
        }

        error.WriteLine(e.Hint is null ? $"hoist: {e.Message}" : $"hoist: {e.Message}; {e.Hint}");
    }
}
