using System.Text;
using Hoist.Init.Exec;
using Hoist.Supervision;

namespace Hoist.Init.Tests.Exec;

public sealed class NativeGateTests
{
    [Fact]
    public void Encode_StringsInTheOrderTheGateReadsThem()
    {
        var request = new ExecRequest { Argv = ["redis-server", "--port 6379"], Environment = ["PATH=/bin", "É=1"], WorkingDirectory = "/srv" };

        var data = NativeGate.Encode(3, "/usr/bin/redis-server", request);

        Assert.Equal("3\0/usr/bin/redis-server\0/srv\02\0redis-server\0--port 6379\0PATH=/bin\0É=1\0", Encoding.UTF8.GetString(data));
    }
}
