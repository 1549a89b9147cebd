using Hoist.Core.Errors;
using Hoist.Sequencing.Analysis;

namespace Hoist.Sequencing.Tests.Analysis;

public sealed class ExecLineTests
{
    private const string Unit = "kvstore.service";

    [Fact]
    public void Parse_PlainCommand_SplitsIntoArgvWithDefaultFlags()
    {
        var line = ExecLine.Parse("/usr/bin/kvstore /etc/kvstore/kvstore.conf --supervised systemd", Unit);

        Assert.Equal(["/usr/bin/kvstore", "/etc/kvstore/kvstore.conf", "--supervised", "systemd"], line.Argv);
        Assert.False(line.IgnoreFailure);
        Assert.False(line.FullPrivileges);
        Assert.False(line.NoSetuid);
        Assert.False(line.AmbientFallback);
        Assert.True(line.ExpandsEnvironment);
    }

    [Fact]
    public void Parse_SingleQuotedArgumentWithSemicolons_StaysOneWord()
    {
        var line = ExecLine.Parse("/usr/sbin/webd -t -q -g 'daemon on; master_process on;'", "webd.service");

        Assert.Equal(["/usr/sbin/webd", "-t", "-q", "-g", "daemon on; master_process on;"], line.Argv);
    }

    [Fact]
    public void Parse_DashPrefix_IgnoresFailure()
    {
        var line = ExecLine.Parse("-/sbin/start-stop-daemon --quiet --stop --pidfile /run/webd.pid", "webd.service");

        Assert.True(line.IgnoreFailure);
        Assert.Equal("/sbin/start-stop-daemon", line.Argv[0]);
    }

    [Fact]
    public void Parse_AtPrefix_KeepsProgramAsArgv0AndDropsCustomName()
    {
        var line = ExecLine.Parse("@/usr/bin/kvstore kvstore-main --port 7000", Unit);

        Assert.Equal(["/usr/bin/kvstore", "--port", "7000"], line.Argv);
    }

    [Theory]
    [InlineData("+/bin/true", true, false, false, true)]
    [InlineData("!/bin/true", false, true, false, true)]
    [InlineData("!!/bin/true", false, false, true, true)]
    [InlineData(":/bin/true", false, false, false, false)]
    [InlineData("-+:/bin/true", true, false, false, false)]
    public void Parse_PrivilegePrefixes_SetTheirFlags(string value, bool full, bool noSetuid, bool ambient, bool expands)
    {
        var line = ExecLine.Parse(value, Unit);

        Assert.Equal(["/bin/true"], line.Argv);
        Assert.Equal(full, line.FullPrivileges);
        Assert.Equal(noSetuid, line.NoSetuid);
        Assert.Equal(ambient, line.AmbientFallback);
        Assert.Equal(expands, line.ExpandsEnvironment);
    }

    [Fact]
    public void Parse_Escapes_AreDecoded()
    {
        var line = ExecLine.Parse("/bin/echo a\\tb \"c \\\"d\\\"\" \\x41 \\101 \\\\ \\; x\\sy \\n", Unit);

        Assert.Equal(["/bin/echo", "a\tb", "c \"d\"", "A", "A", "\\", ";", "x y", "\n"], line.Argv);
    }

    [Fact]
    public void Parse_Specifiers_AreExpanded()
    {
        var line = ExecLine.Parse("/bin/x %n %N %p %i %I %t %S %C %L %E %T %h 100%%", "web-proxy@srv-a\\x2db.service");

        Assert.Equal(
            ["/bin/x", "web-proxy@srv-a\\x2db.service", "web-proxy@srv-a\\x2db", "web-proxy", "srv-a\\x2db", "srv/a-b",
             "/run", "/var/lib", "/var/cache", "/var/log", "/etc", "/tmp", "/root", "100%"],
            line.Argv);
    }

    [Fact]
    public void Parse_SpecifiersOfPlainUnit_PrefixIsNameAndInstanceEmpty()
    {
        var line = ExecLine.Parse("/bin/x %p [%i] %t/%N/pid", Unit);

        Assert.Equal(["/bin/x", "kvstore", "[]", "/run/kvstore/pid"], line.Argv);
    }

    [Fact]
    public void Parse_EnvironmentReferences_KeptAsWritten()
    {
        var line = ExecLine.Parse("/usr/bin/kvstore $OPTIONS --dir=${DATA_DIR} $$", Unit);

        Assert.Equal(["/usr/bin/kvstore", "$OPTIONS", "--dir=${DATA_DIR}", "$$"], line.Argv);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("@/bin/true")]
    [InlineData("/bin/echo 'open")]
    [InlineData("/bin/echo %H")]
    [InlineData("|/bin/true")]
    [InlineData("/bin/a ; /bin/b")]
    public void Parse_Invalid_ThrowsInvalidArgument(string value)
    {
        var error = Assert.Throws<HoistException>(() => ExecLine.Parse(value, Unit));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void ParseAll_LoneSemicolon_SeparatesCommands()
    {
        var lines = ExecLine.ParseAll("-/bin/mkdir -p /run/kvstore ; /bin/chmod 0750 '/run/kvstore' \\;", Unit);

        Assert.Equal(2, lines.Count);
        Assert.Equal(["/bin/mkdir", "-p", "/run/kvstore"], lines[0].Argv);
        Assert.True(lines[0].IgnoreFailure);
        Assert.Equal(["/bin/chmod", "0750", "/run/kvstore", ";"], lines[1].Argv);
        Assert.False(lines[1].IgnoreFailure);
    }

    [Fact]
    public void ParseAll_Empty_GivesNoCommand()
    {
        Assert.Empty(ExecLine.ParseAll("  ", Unit));
    }

    [Fact]
    public void Expand_WholeWordVariable_SplitsValueOnWhitespace()
    {
        var env = new Dictionary<string, string> { ["OPTIONS"] = " --verbose\t--threads 4 " };

        Assert.Equal(["/bin/x", "--verbose", "--threads", "4", "end"], ExecLine.Expand(["/bin/x", "$OPTIONS", "end"], env));
    }

    [Fact]
    public void Expand_BracedVariableInsideWord_ReplacesWithoutSplitting()
    {
        var env = new Dictionary<string, string> { ["DIR"] = "/srv/my data" };

        Assert.Equal(["/bin/x", "--dir=/srv/my data/db", "/srv/my data"], ExecLine.Expand(["/bin/x", "--dir=${DIR}/db", "${DIR}"], env));
    }

    [Fact]
    public void Expand_UnknownVariables_ExpandToNothing()
    {
        var env = new Dictionary<string, string>();

        Assert.Equal(["/bin/x", "--a=", ""], ExecLine.Expand(["/bin/x", "$MISSING", "--a=${MISSING}", "${MISSING}"], env));
    }

    [Fact]
    public void Expand_DoubleDollarAndStrayDollars_GiveLiteralDollars()
    {
        var env = new Dictionary<string, string> { ["A"] = "1" };

        Assert.Equal(
            ["/bin/x", "$A", "cost$", "pre$A", "${", "${1A}", "$"],
            ExecLine.Expand(["/bin/x", "$$A", "cost$$", "pre$A", "${", "${1A}", "$"], env));
    }
}
