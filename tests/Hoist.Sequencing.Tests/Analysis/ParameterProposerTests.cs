using Hoist.Packaging.Manifests;
using Hoist.Sequencing.Analysis;

namespace Hoist.Sequencing.Tests.Analysis;

public sealed class ParameterProposerTests
{
    private static readonly SourceFile KvstoreConf = new("/etc/kvstore/kvstore.conf", """
        # kvstore configuration, written for these tests
        # port 1234
        bind 127.0.0.1 -::1
        protected-mode yes
        port 6379
        tcp-backlog 511
        timeout 6379
        maxmemory-samples 6379.5
        """);

    private static readonly SourceFile WebdSite = new("/etc/webd/sites-available/default", """
        server {
            listen 80 default_server;
            listen [::]:80 default_server;
            # listen 443 ssl default_server;
            keepalive_timeout 80;
            upstream_addr 10.0.0.80;
            // port 80
            ; port 80
            root /var/www/html;
        }
        """);

    private static readonly SourceFile WebdProxy = new("/etc/webd/conf.d/proxy.conf", "proxy_pass http://0.0.0.0:80/;\n");

    private static ServiceSpec Service(string name, params int[] ports) =>
        new() { Name = name, Ports = [.. ports.Select(p => new PortSpec { Port = p })] };

    [Fact]
    public void Propose_SinglePortWithBind_GivesPortThenBindThenProtectedMode()
    {
        var parameters = ParameterProposer.Propose([Service("kvstore-server", 6379)], [KvstoreConf]);

        Assert.Equal(
            [
                new ParameterSpec
                {
                    Name = "port",
                    Default = "6379",
                    Description = "TCP port kvstore-server listens on",
                    Targets = [new ParameterTarget { File = "/etc/kvstore/kvstore.conf", Line = "port {value}" }],
                },
                new ParameterSpec
                {
                    Name = "bind",
                    Default = "127.0.0.1 -::1",
                    Description = "addresses kvstore-server listens on",
                    Targets = [new ParameterTarget { File = "/etc/kvstore/kvstore.conf", Line = "bind {value}" }],
                },
                new ParameterSpec
                {
                    Name = "protected-mode",
                    Default = "yes",
                    Description = "yes: kvstore-server answers only this host's clients while it has no password; no: every client",
                    Targets = [new ParameterTarget { File = "/etc/kvstore/kvstore.conf", Line = "protected-mode {value}" }],
                },
            ],
            parameters,
            ParameterComparer.Instance);
    }

    [Fact]
    public void Propose_ListenLinesAndColonForm_TargetsEachWithoutCommentsOrTimeouts()
    {
        var parameters = ParameterProposer.Propose([Service("webd", 80)], [WebdSite, WebdProxy]);

        var port = Assert.Single(parameters);
        Assert.Equal("port", port.Name);
        Assert.Equal("80", port.Default);
        Assert.Equal(
            [
                new ParameterTarget { File = "/etc/webd/sites-available/default", Line = "listen {value} default_server;" },
                new ParameterTarget { File = "/etc/webd/sites-available/default", Line = "listen [::]:{value} default_server;" },
                new ParameterTarget { File = "/etc/webd/conf.d/proxy.conf", Line = "proxy_pass http://0.0.0.0:{value}/;" },
            ],
            port.Targets);
    }

    [Fact]
    public void Propose_SeveralPorts_NamesThemByNumberAscendingAndSkipsUnmatchedOnes()
    {
        var parameters = ParameterProposer.Propose(
            [Service("webd", 443, 80), Service("kvstore-server", 6379), Service("metrics", 9121)],
            [WebdSite, KvstoreConf]);

        Assert.Equal(["port_80", "port_6379", "bind", "protected-mode"], parameters.Select(p => p.Name));
        Assert.Equal("TCP port webd listens on", parameters[0].Description);
        Assert.Equal("addresses webd, kvstore-server, metrics listens on", parameters[2].Description);
    }

    [Fact]
    public void Propose_PortOnTcpAndUdp_DescribesBothProtocols()
    {
        var service = new ServiceSpec
        {
            Name = "dnsd",
            Ports = [new PortSpec { Port = 53, Protocol = "udp" }, new PortSpec { Port = 53, Protocol = "tcp" }],
        };

        var parameter = Assert.Single(ParameterProposer.Propose([service], [new SourceFile("/etc/dnsd.conf", "Port=53\n")]));

        Assert.Equal("TCP and UDP port dnsd listens on", parameter.Description);
        Assert.Equal("Port={value}", Assert.Single(parameter.Targets).Line);
    }

    [Fact]
    public void Propose_NoServiceWithPorts_GivesNoBindEither()
    {
        Assert.Empty(ParameterProposer.Propose([Service("kvstore-server")], [KvstoreConf]));
    }

    /// <summary>Compares parameters by value, their target lists included.</summary>
    private sealed class ParameterComparer : IEqualityComparer<ParameterSpec>
    {
        public static readonly ParameterComparer Instance = new();

        public bool Equals(ParameterSpec? x, ParameterSpec? y) =>
            x is not null && y is not null && x.Name == y.Name && x.Default == y.Default
            && x.Description == y.Description && x.Targets.SequenceEqual(y.Targets);

        public int GetHashCode(ParameterSpec obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
