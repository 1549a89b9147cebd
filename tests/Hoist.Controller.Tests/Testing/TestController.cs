using Hoist.Fabric;
using Hoist.Fabric.Api;
using Hoist.Fabric.Client;
using Hoist.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hoist.Controller.Tests.Testing;

/// <summary>A controller on the real Kestrel server, in this process, on 127.0.0.1 (a free port, kept
/// across restarts), with a home of its own that is removed at the end, and a client with its token.
/// The offline delay is long (a host registered by hand stays online); tests of silence shorten it.</summary>
internal sealed class TestController : IAsyncDisposable
{
    public const string Token = "test-token-0123456789";

    private readonly TempDirectory _home = new("controller");
    private readonly Func<ControllerOptions, ControllerOptions> _configure;
    private WebApplication? _app;

    private TestController(Func<ControllerOptions, ControllerOptions>? configure) => _configure = configure ?? (o => o);

    public string Home => _home.Path;

    public Uri Url { get; private set; } = null!;

    public ControllerOptions Options { get; private set; } = null!;

    public ControllerClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>A service of the controller, to look inside or drive it (HostMonitor.Check with a fake clock).</summary>
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<TestController> StartAsync(Func<ControllerOptions, ControllerOptions>? configure = null)
    {
        var controller = new TestController(configure);
        await controller.StartAppAsync("http://127.0.0.1:0").ConfigureAwait(false);
        return controller;
    }

    /// <summary>A controller with <paramref name="hosts"/> registered (no agent runs for them).</summary>
    public static async Task<TestController> WithHostsAsync(params (string Name, HostFacts Facts)[] hosts)
    {
        var controller = await StartAsync().ConfigureAwait(false);
        try
        {
            foreach (var (name, facts) in hosts)
            {
                await controller.Client.RegisterAsync(new AgentRegistration { Name = name, Facts = facts, AgentVersion = "t" }, default).ConfigureAwait(false);
            }

            return controller;
        }
        catch
        {
            await controller.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A client with another token (or none).</summary>
    public ControllerClient ClientWith(string token) => new(new ControllerContext(Url, token));

    /// <summary>Stops the controller gracefully (workers paused, database flushed) and starts a new one on
    /// the same home and port: what a restart of the process does.</summary>
    public async Task RestartAsync()
    {
        await StopAppAsync().ConfigureAwait(false);
        await StartAppAsync(Url.ToString().TrimEnd('/')).ConfigureAwait(false);
    }

    /// <summary>Stops <paramref name="agents"/>, then disposes the controller: what a test's set-up does when it fails.</summary>
    public async Task DisposeAsync(IEnumerable<FakeAgent> agents)
    {
        foreach (var agent in agents)
        {
            await agent.DisposeAsync().ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync().ConfigureAwait(false);
        _home.Dispose();
    }

    private async Task StartAppAsync(string listen)
    {
        Options = _configure(new ControllerOptions
        {
            Home = _home.Path,
            Listen = [listen],
            Token = Token,
            OfflineAfter = TimeSpan.FromMinutes(1),
            OrderTimeout = TimeSpan.FromSeconds(1),
            MinimumLogLevel = LogLevel.Warning,
        });
        _app = ControllerApp.Build(Options);
        await _app.StartAsync().ConfigureAwait(false);
        Url = new Uri(_app.Urls.First());
        Client = new ControllerClient(new ControllerContext(Url, Token), TimeSpan.FromSeconds(30));
    }

    private async Task StopAppAsync()
    {
        if (_app is null)
        {
            return;
        }

        Client.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _app = null;
    }
}
