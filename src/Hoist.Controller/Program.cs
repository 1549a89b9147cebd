using System.CommandLine;
using Hoist.Core.Errors;

namespace Hoist.Controller;

/// <summary>hoist-controller serve --home DIR [--listen URL]... [--token TOKEN]: runs the controller until
/// SIGTERM or Ctrl-C (the Generic Host's graceful shutdown: requests finish, workers stop, the database
/// is flushed).</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var home = new Option<string>("--home") { Description = "the controller's home: controller.db, token, chunks, recipes", Required = true };
        var listen = new Option<string[]>("--listen") { Description = $"a URL to listen on (repeatable; default {ControllerOptions.DefaultListen})", Arity = ArgumentArity.ZeroOrMore };
        var token = new Option<string?>("--token") { Description = "the bearer token (default: the content of HOME/token, made at the first start)" };
        var offlineAfter = new Option<double>("--offline-after") { Description = "seconds without a heartbeat before a host is offline", DefaultValueFactory = _ => 5 };
        var orderTimeout = new Option<double>("--order-timeout") { Description = "seconds an offline host's order may stay unanswered before a migration rolls back", DefaultValueFactory = _ => 30 };
        var serve = new Command("serve", "Run the controller") { home, listen, token, offlineAfter, orderTimeout };
        serve.SetAction(async (parse, cancellationToken) =>
        {
            var urls = parse.GetValue(listen);
            var options = new ControllerOptions
            {
                Home = parse.GetValue(home)!,
                Listen = urls is { Length: > 0 } ? urls : [ControllerOptions.DefaultListen],
                Token = parse.GetValue(token),
                OfflineAfter = TimeSpan.FromSeconds(parse.GetValue(offlineAfter)),
                OrderTimeout = TimeSpan.FromSeconds(parse.GetValue(orderTimeout)),
            };
            try
            {
                await using var app = ControllerApp.Build(options);
                await app.RunAsync().ConfigureAwait(false);
                return 0;
            }
            catch (HoistException e)
            {
                await Console.Error.WriteLineAsync($"hoist-controller: {e.Message}{(e.Hint is null ? string.Empty : "; " + e.Hint)}").ConfigureAwait(false);
                return 1;
            }
        });

        var root = new RootCommand("The Hoist controller: REST API, library, placement, orchestration (docs/fabric.md)") { serve };
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await root.Parse(args).InvokeAsync(configuration).ConfigureAwait(false);
    }
}
