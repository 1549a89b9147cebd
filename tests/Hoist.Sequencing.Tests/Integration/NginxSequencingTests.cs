using Hoist.Packaging.Compatibility;

namespace Hoist.Sequencing.Tests.Integration;

/// <summary>nginx from Debian, sequenced on the real bookworm image.</summary>
public sealed class NginxSequencingTests(NginxPackage nginx) : IClassFixture<NginxPackage>
{
    private Packaging.Manifests.PackageManifest Manifest => nginx.Result.Manifest;

    [Fact]
    public void Service_RunsNginxAndListensOnPort80()
    {
        var service = Assert.Single(Manifest.Services);

        Assert.Equal("nginx", service.Name);
        Assert.Equal("/usr/sbin/nginx", service.Exec[0]);
        Assert.Equal("forking", service.Type);
        Assert.True(service.Ports.Any(p => p.Port == 80 && p.Protocol == "tcp"), "no port 80/tcp; the sequencer's notes: " + string.Join(" | ", nginx.Result.Notes));
    }

    [Fact]
    public void ConfigFiles_AreItsFilesUnderEtcNginx()
    {
        Assert.Contains("/etc/nginx/nginx.conf", Manifest.ConfigFiles);
        Assert.Contains("/etc/nginx/sites-available/default", Manifest.ConfigFiles);
        Assert.All(Manifest.ConfigFiles, f => Assert.StartsWith("/etc/", f));
    }

    [Fact]
    public void Parameters_PortSetsTheListenLines()
    {
        var port = Assert.Single(Manifest.Parameters, p => p.Name == "port");

        Assert.Equal("80", port.Default);
        Assert.Contains(port.Targets, t => t.File == "/etc/nginx/sites-available/default" && t.Line == "listen {value} default_server;");
        Assert.Contains(port.Targets, t => t.File == "/etc/nginx/sites-available/default" && t.Line == "listen [::]:{value} default_server;");
    }

    [Fact]
    public void Parameters_SiteReplacesTheDocumentRoot()
    {
        var site = Assert.Single(Manifest.Parameters, p => p.Name == "site");

        Assert.Equal("/var/www/html", Assert.Single(site.Targets).Content);
    }

    [Fact]
    public void StatePaths_IncludeItsLogs()
    {
        Assert.Contains("/var/log/nginx", Manifest.StatePaths);
    }

    [Fact]
    public void Package_IsCompatibleWithTrixie()
    {
        var report = CompatibilityChecker.Check(Manifest.Requires, nginx.Trixie.ToHostFacts());

        Assert.True(report.IsCompatible, string.Join("; ", report.Problems.Select(p => p.Message)));
    }

    [Fact]
    public void Sequencing_NeverWritesTheImage()
    {
        Assert.Equal(nginx.ImageBefore, nginx.ImageAfter);
    }
}
