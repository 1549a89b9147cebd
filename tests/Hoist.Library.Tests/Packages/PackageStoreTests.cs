using Hoist.Core.Storage;
using Hoist.Testing;

namespace Hoist.Library.Tests.Packages;

public sealed class PackageStoreTests : IDisposable
{
    private const string Stored = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Missing = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private readonly TempDirectory _temp = new("packages");

    [Fact]
    public void FindDigest_Stored_ReturnsWhatFindOfTheDigestReturns()
    {
        var library = LibraryWithOnePackage();

        var record = library.Packages.Find(Digest.Parse(Stored));

        Assert.NotNull(record);
        Assert.Equal(library.Packages.Find(Stored), record);
        Assert.Equal("redis", record.Name);
        Assert.Equal("7.0.15", record.Version);
    }

    [Fact]
    public void FindDigest_NotStored_ReturnsNull()
    {
        var library = LibraryWithOnePackage();

        Assert.Null(library.Packages.Find(Digest.Parse(Missing)));
    }

    [Fact]
    public void Find_NameVersionWholeDigestOrPrefix_TheStoredPackage()
    {
        var library = LibraryWithOnePackage();

        Assert.All(new[] { "redis", "redis:7.0.15", Stored, "sha256:11111111", "11111111" }, reference => Assert.Equal(Stored, library.Packages.Find(reference)?.Digest.ToString()));
        Assert.Null(library.Packages.Find(Missing));
        Assert.Null(library.Packages.Find("postgres"));
    }

    public void Dispose() => _temp.Dispose();

    private LocalLibrary LibraryWithOnePackage()
    {
        var library = new LocalLibrary(new HoistHome(_temp.Combine("home")));
        using var connection = new Hoist.Library.Index.LibraryIndex(library.Home).Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO packages VALUES ('{Stored}', 'redis', '7.0.15', 1234, '2026-11-01T00:00:00Z')";
        insert.ExecuteNonQuery();
        return library;
    }
}
