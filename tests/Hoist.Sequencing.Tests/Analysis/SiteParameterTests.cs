using Hoist.Sequencing.Analysis;

namespace Hoist.Sequencing.Tests.Analysis;

public sealed class SiteParameterTests
{
    [Fact]
    public void Propose_NginxRootThePackageCarries_ContentParameter()
    {
        var config = new SourceFile("/etc/nginx/sites-available/default", "server {\n\tlisten 80;\n\t# root /srv/old;\n\troot /var/www/html;\n}\n");

        var site = SiteParameter.Propose([config], path => path == "/var/www/html");

        Assert.NotNull(site);
        Assert.Equal(("site", string.Empty), (site!.Name, site.Default));
        Assert.Equal("/var/www/html", Assert.Single(site.Targets).Content);
    }

    [Fact]
    public void Propose_ApacheDocumentRootWithQuotes_ContentParameter()
    {
        var config = new SourceFile("/etc/apache2/sites-available/000-default.conf", "<VirtualHost *:80>\n    DocumentRoot \"/var/www/html/\"\n</VirtualHost>\n");

        Assert.Equal("/var/www/html", SiteParameter.Propose([config], _ => true)?.Targets[0].Content);
    }

    [Fact]
    public void Propose_RootNotInThePackage_Null()
    {
        var config = new SourceFile("/etc/nginx/sites-available/default", "root /srv/www;\n");

        Assert.Null(SiteParameter.Propose([config], _ => false));
    }
}
