using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Library.Index;
using Hoist.Runtime.Hosts;
using Hoist.Testing;

namespace Hoist.Runtime.Tests.Hosts;

public sealed class HostStoreTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _temp = new("hosts");
    private readonly HostStore _store;

    public HostStoreTests() => _store = new HostStore(new LibraryIndex(new HoistHome(_temp.Combine("home"))));

    [Fact]
    public void List_Empty_OnlyImplicitLocal()
    {
        var local = Assert.Single(_store.List());

        Assert.Equal("local", local.Name);
        Assert.Equal("/", local.Image);
        Assert.Equal("shared", local.Network);
        Assert.Null(local.Address);
        Assert.Equal("ready", local.State);
        Assert.True(local.IsLocal);
        Assert.InRange(local.Created, DateTimeOffset.UnixEpoch.AddYears(30), DateTimeOffset.UtcNow);
    }

    [Fact]
    public void Add_ThenFindAndList_RoundTripsAndLocalFirst()
    {
        var own = Host("web", "own", "10.77.0.2");
        _store.Add(Host("zeta", "shared", null));
        _store.Add(own);

        Assert.Equal(own, _store.Find("web"));
        Assert.Equal(own, _store.Get("web"));
        Assert.Equal(["local", "web", "zeta"], _store.List().Select(h => h.Name));
        Assert.Null(_store.Find("nope"));
    }

    [Fact]
    public void Add_ExistingNameOrLocal_AlreadyExists()
    {
        _store.Add(Host("web", "shared", null));

        Assert.Equal(ErrorKind.AlreadyExists, Assert.Throws<HoistException>(() => _store.Add(Host("web", "own", "10.77.0.3"))).Kind);
        Assert.Equal(ErrorKind.AlreadyExists, Assert.Throws<HoistException>(() => _store.Add(Host("local", "shared", null))).Kind);
    }

    [Fact]
    public void Get_Missing_NotFoundWithHint()
    {
        var error = Assert.Throws<HoistException>(() => _store.Get("x"));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("host 'x' not found", error.Message);
        Assert.Equal("see 'hoist host ls', or create it with 'hoist host create NAME --image IMG'", error.Hint);
    }

    [Fact]
    public void Update_ImageAndState_Stored()
    {
        _store.Add(Host("web", "own", "10.77.0.2"));

        _store.Update("web", "trixie", "upgrading");

        var host = _store.Get("web");
        Assert.Equal(("trixie", "upgrading", "10.77.0.2"), (host.Image, host.State, host.Address));
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<HoistException>(() => _store.Update("nope", "trixie", "ready")).Kind);
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<HoistException>(() => _store.Update("local", "trixie", "ready")).Kind);
    }

    [Fact]
    public void Remove_Stored_GoneOnceAndLocalRefused()
    {
        _store.Add(Host("web", "shared", null));

        Assert.True(_store.Remove("web"));
        Assert.False(_store.Remove("web"));
        Assert.Null(_store.Find("web"));
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<HoistException>(() => _store.Remove("local")).Kind);
        Assert.NotNull(_store.Find("local"));
    }

    public void Dispose() => _temp.Dispose();

    private static HostRecord Host(string name, string network, string? address) => new()
    {
        Name = name,
        Image = "bookworm",
        Network = network,
        Address = address,
        State = "ready",
        Created = Noon,
    };
}
