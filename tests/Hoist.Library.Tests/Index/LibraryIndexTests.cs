using Hoist.Core.Storage;
using Hoist.Library.Index;
using Hoist.Testing;
using Microsoft.Data.Sqlite;

namespace Hoist.Library.Tests.Index;

public sealed class LibraryIndexTests : IDisposable
{
    private readonly TempDirectory _temp = new("index");

    [Fact]
    public void Open_SchemaOneWithJsonLibraries_MigratesToOneNameALine()
    {
        var home = new HoistHome(_temp.Combine("home"));
        home.EnsureCreated();
        using (var old = new SqliteConnection($"Data Source={home.Database};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE images (name TEXT PRIMARY KEY, release TEXT, source TEXT NOT NULL, os_id TEXT, os_version_id TEXT,
                    os_codename TEXT, os_pretty TEXT, architecture TEXT NOT NULL, glibc TEXT, libraries TEXT NOT NULL,
                    digest TEXT NOT NULL, size INTEGER NOT NULL, files INTEGER NOT NULL, created TEXT NOT NULL);
                CREATE TABLE packages (digest TEXT PRIMARY KEY, name TEXT NOT NULL, version TEXT NOT NULL, size INTEGER NOT NULL, created TEXT NOT NULL);
                CREATE INDEX packages_by_name ON packages(name, created);
                INSERT INTO images VALUES ('old', 'bookworm', 'import /x', 'debian', '12', 'bookworm', 'Debian 12', 'amd64', '2.36',
                    '["libc.so.6","libm.so.6"]', 'sha256:0000000000000000000000000000000000000000000000000000000000000000', 1, 1, '2026-11-01T00:00:00Z');
                PRAGMA user_version=1;
                """;
            create.ExecuteNonQuery();
        }

        var image = new LocalLibrary(home).Images.Get("old");

        Assert.Equal(["libc.so.6", "libm.so.6"], image.Libraries);
    }

    [Fact]
    public void Open_NewerSchema_RefusesNamingTheLibrary()
    {
        var home = new HoistHome(_temp.Combine("home"));
        IndexFiles.Execute(home, "PRAGMA user_version=99");

        var error = Assert.Throws<Hoist.Core.Errors.HoistException>(() => new LibraryIndex(home).Open().Dispose());

        Assert.Contains("written by a newer Hoist (schema 99)", error.Message);
    }

    public void Dispose() => _temp.Dispose();
}
