using System.Globalization;
using Hoist.Init.Exec;

namespace Hoist.Init.Tests.Exec;

public sealed class CapabilityNamesTests
{
    [Theory]
    [InlineData("CAP_CHOWN", 0)]
    [InlineData("CAP_NET_BIND_SERVICE", 10)]
    [InlineData("cap_net_bind_service", 10)]
    [InlineData("NET_BIND_SERVICE", 10)]
    [InlineData("CAP_SYS_ADMIN", 21)]
    [InlineData("CAP_AUDIT_READ", 37)]
    [InlineData("CAP_CHECKPOINT_RESTORE", 40)]
    public void TryParse_KnownName_ItsNumber(string name, int number)
    {
        Assert.True(CapabilityNames.TryParse(name, out var parsed));
        Assert.Equal(number, parsed);
    }

    [Theory]
    [InlineData("CAP_FLY")]
    [InlineData("")]
    [InlineData("CAP_")]
    public void TryParse_UnknownName_False(string name)
    {
        Assert.False(CapabilityNames.TryParse(name, out _));
    }

    [Fact]
    public void NameOf_EveryNumber_ParsesBack()
    {
        for (var number = 0; number <= CapabilityNames.Last; number++)
        {
            Assert.True(CapabilityNames.TryParse(CapabilityNames.NameOf(number), out var parsed));
            Assert.Equal(number, parsed);
        }

        Assert.Equal("capability 63", CapabilityNames.NameOf(63));
    }

    [Fact]
    public void Last_ThisKernel_KnowsNoMoreThanTheTable()
    {
        var kernel = int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim(), CultureInfo.InvariantCulture);

        Assert.Equal(kernel, CapabilityNames.Last);
    }
}
