using System.Net;
using Hoist.Core.Errors;
using Hoist.Runtime.Network;

namespace Hoist.Runtime.Tests.Network;

public sealed class AddressAllocationTests
{
    private readonly LabNetwork _network = new(new LabNetworkOptions { Subnet = IPNetwork.Parse("10.250.3.0/24") });

    [Fact]
    public void AllocateAddress_NothingTaken_SecondAddress()
    {
        Assert.Equal(IPAddress.Parse("10.250.3.2"), _network.AllocateAddress([]));
        Assert.Equal(IPAddress.Parse("10.250.3.1"), _network.BridgeAddress);
    }

    [Fact]
    public void AllocateAddress_Gaps_LowestFree()
    {
        var taken = new[] { "10.250.3.2", "10.250.3.3", "10.250.3.5", "10.9.9.4" }.Select(IPAddress.Parse);

        Assert.Equal(IPAddress.Parse("10.250.3.4"), _network.AllocateAddress(taken));
    }

    [Fact]
    public void AllocateAddress_OnlyLastFree_Returns254()
    {
        var taken = Enumerable.Range(2, 252).Select(i => IPAddress.Parse($"10.250.3.{i}"));

        Assert.Equal(IPAddress.Parse("10.250.3.254"), _network.AllocateAddress(taken));
    }

    [Fact]
    public void AllocateAddress_AllTaken_FailedPreconditionNamingSubnet()
    {
        var taken = Enumerable.Range(2, 253).Select(i => IPAddress.Parse($"10.250.3.{i}"));

        var error = Assert.Throws<HoistException>(() => _network.AllocateAddress(taken));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.StartsWith("no free address in 10.250.3.0/24", error.Message);
    }

    [Fact]
    public void NamespacePath_Default_UnderRunNetnsWithPrefix()
    {
        var network = new LabNetwork(new LabNetworkOptions());

        Assert.Equal("/run/netns/hoist-web", network.NamespacePath("web"));
        Assert.Equal(IPAddress.Parse("10.77.0.1"), network.BridgeAddress);
    }

    [Fact]
    public void VethName_LongHostName_ShortAndStable()
    {
        var name = new string('x', 63);

        Assert.Equal(_network.VethName(name), _network.VethName(name));
        Assert.Matches("^hv[0-9a-f]{10}$", _network.VethName(name));
        Assert.NotEqual(_network.VethName("a"), _network.VethName("b"));
        Assert.NotEqual(_network.VethName("a"), new LabNetwork(new LabNetworkOptions { NamespacePrefix = "other-" }).VethName("a"));
    }

    [Fact]
    public void NamespacePath_InvalidHostName_InvalidArgument()
    {
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<HoistException>(() => _network.NamespacePath("../etc")).Kind);
    }

    [Fact]
    public void Constructor_BadOptions_InvalidArgumentListingEveryProblem()
    {
        var options = new LabNetworkOptions { BridgeName = "a-bridge-name-too-long", Subnet = IPNetwork.Parse("10.0.0.0/31"), NamespacePrefix = "Bad/" };

        var error = Assert.Throws<HoistException>(() => new LabNetwork(options));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(3, error.Details.Count);
    }
}
