using System.Net;
using System.Net.Sockets;
using Hoist.Core.Errors;
using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Library;
using Hoist.Library.Images;
using Hoist.Library.Index;
using Hoist.Runtime.Hosts;
using Hoist.Runtime.Tests.Network;
using Hoist.Testing;

namespace Hoist.Runtime.Tests.Hosts;

/// <summary>Lab hosts made for real: an imported image in a library of the test's own, and the test's own
/// bridge, subnet and namespaces.</summary>
public sealed class HostManagerTests : IAsyncLifetime
{
    private static readonly Func<string, IReadOnlyList<string>> NoApps = _ => [];

    private readonly TestLab _lab = new();
    private readonly TempDirectory _temp = new("hostmanager");
    private readonly LocalLibrary _library;
    private readonly HostStore _store;
    private readonly HostManager _manager;

    public HostManagerTests()
    {
        var home = new HoistHome(_temp.Combine("home"));
        _library = new LocalLibrary(home);
        _store = new HostStore(new LibraryIndex(home));
        _manager = new HostManager(_store, _library.Images, _lab.Network);
    }

    public async Task InitializeAsync() =>
        await new ImageImporter(_library.Images).ImportAsync("mini", MiniRoot.Create(_temp.Combine("mini")), NullProgress.Instance, CancellationToken.None);

    [Fact]
    public async Task CreateAsync_OwnNetwork_ReachableListedWithImageRoot()
    {
        var host = await _manager.CreateAsync(_lab.Host("web"), "mini", "own", CancellationToken.None);

        Assert.Equal(("web", "mini", "own", "ready"), (host.Name, host.Image, host.Network, host.State));
        Assert.Equal(_lab.Address(2).ToString(), host.Address);
        Assert.Equal(["local", "web"], (await _manager.ListAsync(CancellationToken.None)).Select(h => h.Name));
        Assert.Equal(host, _store.Get("web"));
        Assert.Equal(_library.Images.RootOf("mini"), _manager.RootOf(host));
        Assert.Equal("/", _manager.RootOf(_store.Get("local")));
        await using var listener = await Listener.StartAsync(_lab.Ip, _lab.Network.NamespaceName("web"), "0.0.0.0", "web");
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Parse(host.Address!), listener.TcpPort).WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task CreateAsync_SharedNetwork_RowOnlyNoNamespace()
    {
        var host = await _manager.CreateAsync(_lab.Host("plain"), "mini", "shared", CancellationToken.None);

        Assert.Null(host.Address);
        Assert.Equal("shared", _store.Get("plain").Network);
        Assert.Empty(await _lab.TracesAsync());

        await _manager.RemoveAsync("plain", NoApps, CancellationToken.None);
        Assert.Null(_store.Find("plain"));
    }

    [Fact]
    public async Task CreateAsync_Several_LowestFreeAddressEachTime()
    {
        var a = await _manager.CreateAsync(_lab.Host("a"), "mini", "own", CancellationToken.None);
        var b = await _manager.CreateAsync(_lab.Host("b"), "mini", "own", CancellationToken.None);
        await _manager.RemoveAsync("a", NoApps, CancellationToken.None);
        var c = await _manager.CreateAsync(_lab.Host("c"), "mini", "own", CancellationToken.None);

        Assert.Equal([_lab.Address(2), _lab.Address(3), _lab.Address(2)], new[] { a, b, c }.Select(h => IPAddress.Parse(h.Address!)));
        Assert.Equal(2, (await _lab.BridgePortsAsync()).Count);
    }

    [Fact]
    public async Task RemoveAsync_LastOwnHost_NamespaceVethRowAndBridgeGone()
    {
        await _manager.CreateAsync(_lab.Host("gone"), "mini", "own", CancellationToken.None);

        await _manager.RemoveAsync("gone", NoApps, CancellationToken.None);

        Assert.Null(_store.Find("gone"));
        Assert.Equal(["local"], (await _manager.ListAsync(CancellationToken.None)).Select(h => h.Name));
        Assert.Empty(await _lab.TracesAsync());
    }

    [Fact]
    public async Task RemoveAsync_AppsOnHost_FailedPreconditionNamingAppsAndHostKept()
    {
        await _manager.CreateAsync(_lab.Host("busy"), "mini", "own", CancellationToken.None);
        string? asked = null;

        var error = await Assert.ThrowsAsync<HoistException>(() => _manager.RemoveAsync("busy", host => { asked = host; return ["redis", "nginx"]; }, CancellationToken.None));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("host 'busy' still has 2 apps: redis, nginx", error.Message);
        Assert.Equal("busy", asked);
        Assert.NotNull(_store.Find("busy"));
        Assert.True(File.Exists(_lab.Network.NamespacePath("busy")));
    }

    [Fact]
    public async Task RemoveAsync_Local_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<HoistException>(() => _manager.RemoveAsync("local", NoApps, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("this machine", error.Message);
    }

    [Fact]
    public async Task RemoveAsync_Missing_NotFound()
    {
        var error = await Assert.ThrowsAsync<HoistException>(() => _manager.RemoveAsync("nobody", NoApps, CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Theory]
    [InlineData("local", "mini", "own", ErrorKind.InvalidArgument)]
    [InlineData("Bad Name", "mini", "own", ErrorKind.InvalidArgument)]
    [InlineData("web", "mini", "bridged", ErrorKind.InvalidArgument)]
    [InlineData("web", "no-such-image", "own", ErrorKind.NotFound)]
    public async Task CreateAsync_BadRequest_RefusedAndNothingMade(string name, string image, string network, ErrorKind kind)
    {
        var error = await Assert.ThrowsAsync<HoistException>(() => _manager.CreateAsync(name, image, network, CancellationToken.None));

        Assert.Equal(kind, error.Kind);
        Assert.Single(_store.List());
        Assert.Empty(await _lab.TracesAsync());
    }

    [Fact]
    public async Task CreateAsync_ExistingName_AlreadyExistsAndFirstKept()
    {
        var first = await _manager.CreateAsync(_lab.Host("twice"), "mini", "own", CancellationToken.None);

        var error = await Assert.ThrowsAsync<HoistException>(() => _manager.CreateAsync("twice", "mini", "shared", CancellationToken.None));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal(first, _store.Get("twice"));
        Assert.True(File.Exists(_lab.Network.NamespacePath("twice")));
    }

    [Fact]
    public async Task CreateAsync_ConcurrentSameName_OneWinsOtherAlreadyExists()
    {
        var creates = Enumerable.Range(0, 4).Select(_ => Task.Run(() => _manager.CreateAsync(_lab.Host("race"), "mini", "own", CancellationToken.None))).ToList();

        var outcomes = await Task.WhenAll(creates.Select(async t =>
        {
            try
            {
                return (await t).Address;
            }
            catch (HoistException e) when (e.Kind == ErrorKind.AlreadyExists)
            {
                return "exists";
            }
        }));

        Assert.Equal(3, outcomes.Count(o => o == "exists"));
        Assert.Equal(_lab.Address(2).ToString(), Assert.Single(outcomes, o => o != "exists"));
        Assert.Equal(["local", "race"], _store.List().Select(h => h.Name));
        Assert.Single(await _lab.BridgePortsAsync());
    }

    [Theory]
    [InlineData("namespace")]
    [InlineData("veth")]
    [InlineData("route")]
    [InlineData("bridge port")]
    public async Task CreateAsync_NetworkStepFails_NoNamespaceVethBridgeOrRowLeft(string failingStep)
    {
        _lab.Network.BeforeStep = step =>
        {
            if (step == failingStep)
            {
                throw HoistException.FailedPrecondition($"injected failure before step '{step}'");
            }
        };

        var error = await Assert.ThrowsAsync<HoistException>(() => _manager.CreateAsync(_lab.Host("broken"), "mini", "own", CancellationToken.None));

        Assert.Equal($"injected failure before step '{failingStep}'", error.Message);
        Assert.Null(_store.Find("broken"));
        Assert.Empty(await _lab.TracesAsync());
    }

    [Fact]
    public async Task CreateAsync_NetworkStepFailsBesideAnotherHost_BridgeAndOtherHostKept()
    {
        await _manager.CreateAsync(_lab.Host("stays"), "mini", "own", CancellationToken.None);
        _lab.Network.BeforeStep = step =>
        {
            if (step == "eth0")
            {
                throw HoistException.FailedPrecondition("injected failure");
            }
        };

        await Assert.ThrowsAsync<HoistException>(() => _manager.CreateAsync(_lab.Host("broken"), "mini", "own", CancellationToken.None));

        Assert.Equal(["local", "stays"], _store.List().Select(h => h.Name));
        Assert.Equal([_lab.Network.VethName("stays")], await _lab.BridgePortsAsync());
        Assert.False(File.Exists(_lab.Network.NamespacePath("broken")));
    }

    public async Task DisposeAsync()
    {
        try
        {
            await _lab.DisposeAsync();
        }
        finally
        {
            _temp.Dispose();
        }
    }
}
