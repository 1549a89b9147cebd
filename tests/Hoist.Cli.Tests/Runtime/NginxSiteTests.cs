using Hoist.Core.Storage;
using Hoist.Library.Images;
using Hoist.Packaging.Files;
using Hoist.Testing;

namespace Hoist.Cli.Tests.Runtime;

/// <summary>nginx, given its site through a parameter, serves it on a host with its own network.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class NginxSiteTests(RuntimeLab lab) : IDisposable
{
    private readonly TempDirectory _temp = new("nginx-site");

    [Fact]
    public async Task Nginx_SiteGivenAsParameter_ServedOverHttpFromTheRootNamespace()
    {
        var site = _temp.Combine("site");
        Directory.CreateDirectory(Path.Combine(site, "docs"));
        var marker = $"hello from hoist {Guid.NewGuid():n}";
        await File.WriteAllTextAsync(Path.Combine(site, "index.html"), $"<html><body>{marker}</body></html>\n");
        await File.WriteAllTextAsync(Path.Combine(site, "docs", "page.txt"), "a second page\n");
        var (host, address) = await lab.CreateHostAsync("bookworm");
        var app = lab.AppName("nginx");
        var image = TestHome.Library.Images.RootOf("bookworm");
        var before = (await TreeDigest.ComputeAsync(image, CancellationToken.None)).Digest;

        await lab.MustAsync("add", "rt-nginx", "--host", host, "--name", app, "--set", $"site={site}", "--start");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Contains(marker, await http.GetStringAsync($"http://{address}/"));
        Assert.Equal("a second page\n", await http.GetStringAsync($"http://{address}/docs/page.txt"));
        var missing = await http.GetAsync($"http://{address}/index.nginx-debian.html");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("nginx", (await lab.MustAsync("ps")).Stdout);
        Assert.Equal(before, (await TreeDigest.ComputeAsync(image, CancellationToken.None)).Digest);
        using var package = PackageFile.Open(TestHome.Library.Packages.Get("rt-nginx").Path);
        var layer = Path.Combine(TestHome.Shared.Root, "layers", Digest.Parse(package.Manifest.Layer!.DiffId).Hex);
        Assert.True(File.Exists(Path.Combine(layer, "var/www/html/index.nginx-debian.html")), "the package's own page must stay in its layer");
    }

    public void Dispose() => _temp.Dispose();
}
