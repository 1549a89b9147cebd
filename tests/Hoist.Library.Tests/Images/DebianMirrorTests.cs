using Hoist.Library.Images;

namespace Hoist.Library.Tests.Images;

public sealed class DebianMirrorTests
{
    [Fact]
    public void FromDeb822_SkipsSecurityStanza_TakesReleaseUri()
    {
        const string sources = """
            Types: deb
            URIs: http://security.example/debian-security
            Suites: bookworm-security
            Components: main

            Types: deb
            # a comment
            URIs: http://mirror.example/debian/
            Suites: bookworm bookworm-updates
            Components: main
            """;

        Assert.Equal("http://mirror.example/debian", DebianMirror.FromDeb822(sources));
    }

    [Fact]
    public void FromOneLineStyle_WithOptions_TakesUri()
    {
        const string list = "deb http://security.example/debian-security bookworm-security main\ndeb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian bookworm main\n";

        Assert.Equal("http://mirror.example/debian", DebianMirror.FromOneLineStyle(list));
    }

    [Fact]
    public void FromDeb822_NoReleaseSuite_Null()
    {
        Assert.Null(DebianMirror.FromDeb822("Types: deb-src\nURIs: http://x/debian\nSuites: bookworm\n"));
    }
}
