using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Library.Index;
using Hoist.Testing;

namespace Hoist.Library.Tests.Index;

/// <summary>LibraryIndex.Read and Write: the quick connection, on real SQLite files, checked against what
/// Microsoft.Data.Sqlite reads and writes.</summary>
public sealed class QuickConnectionTests : IDisposable
{
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private readonly TempDirectory _temp = new("quick");

    [Fact]
    public void Read_NoLibraryYet_CreatesItAtTheCurrentSchema()
    {
        var index = new LibraryIndex(new HoistHome(_temp.Combine("home")));

        var rows = index.Read("SELECT * FROM packages", null, row => row.GetString("name"));

        Assert.Empty(rows);
        using var connection = index.Open();
        using var version = connection.CreateCommand();
        version.CommandText = "SELECT count(*) FROM apps";
        Assert.Equal(0L, version.ExecuteScalar());
    }

    [Fact]
    public void Read_RowWrittenByMicrosoftDataSqlite_ReturnsEachColumn()
    {
        var index = new LibraryIndex(new HoistHome(_temp.Combine("home")));
        Insert(index, "redis", "7.0", "2026-11-30T08:15:00.1234567+00:00");

        var rows = index.Read("SELECT * FROM packages WHERE name = $a", "redis", row => (row.GetString("digest"), row.GetString("version"), row.GetInt64("size"), row.GetTime("created"), row.GetNullableString("version")));

        var (digest, version, size, created, nullable) = Assert.Single(rows);
        Assert.Equal((Digest, "7.0", 5_800_000L, "7.0"), (digest, version, size, nullable));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 15, 0, TimeSpan.Zero).AddTicks(1234567), created);
    }

    [Fact]
    public void Read_TimeNotInTheRoundTripFormat_IsParsedAnyway()
    {
        var index = new LibraryIndex(new HoistHome(_temp.Combine("home")));
        Insert(index, "nginx", "1.22", "2026-11-01T00:00:00Z");

        var created = Assert.Single(index.Read("SELECT created FROM packages", null, row => row.GetTime("created")));

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), created);
    }

    [Fact]
    public void Write_ThenMicrosoftDataSqliteReads_SeesTheChange()
    {
        var index = new LibraryIndex(new HoistHome(_temp.Combine("home")));
        Insert(index, "redis", "7.0", "2026-11-30T08:15:00Z");

        index.Write("UPDATE packages SET version = $b WHERE digest = $a", Digest, "7.2");

        using var connection = index.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT version FROM packages";
        Assert.Equal("7.2", read.ExecuteScalar());
    }

    [Fact]
    public void Warm_NoLibrary_CreatesNothing()
    {
        var home = new HoistHome(_temp.Combine("home"));

        LibraryIndex.Warm(home);

        Assert.False(Directory.Exists(home.Root));
    }

    [Fact]
    public void Warm_ThenRowsWrittenAfterIt_ReadSeesThem()
    {
        var home = new HoistHome(_temp.Combine("home"));
        var index = new LibraryIndex(home);
        index.Open().Dispose();

        LibraryIndex.Warm(home);
        Insert(index, "redis", "7.0", "2026-11-30T08:15:00Z");
        var first = index.Read("SELECT name FROM packages", null, row => row.GetString("name"));
        index.Write("DELETE FROM packages WHERE digest = $a", Digest, null);
        var second = index.Read("SELECT name FROM packages", null, row => row.GetString("name"));

        Assert.Equal(["redis"], first);
        Assert.Empty(second);
    }

    [Fact]
    public void Read_NewerSchema_RefusesNamingTheLibrary()
    {
        var home = new HoistHome(_temp.Combine("home"));
        IndexFiles.Execute(home, "PRAGMA user_version=99");

        var error = Assert.Throws<HoistException>(() => new LibraryIndex(home).Read("SELECT * FROM packages", null, row => 0));

        Assert.Contains("written by a newer Hoist (schema 99)", error.Message);
    }

    [Fact]
    public void Read_BadQuery_SaysWhatSqliteSaid()
    {
        var index = new LibraryIndex(new HoistHome(_temp.Combine("home")));

        var error = Assert.Throws<HoistException>(() => index.Read("SELECT * FROM no_such_table", null, row => 0));

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Contains("no such table: no_such_table", error.Message);
    }

    public void Dispose() => _temp.Dispose();

    private static void Insert(LibraryIndex index, string name, string version, string created)
    {
        using var connection = index.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO packages (digest, name, version, size, created) VALUES ($d, $n, $v, 5800000, $c)";
        insert.Parameters.AddWithValue("$d", Digest);
        insert.Parameters.AddWithValue("$n", name);
        insert.Parameters.AddWithValue("$v", version);
        insert.Parameters.AddWithValue("$c", created);
        insert.ExecuteNonQuery();
    }
}
