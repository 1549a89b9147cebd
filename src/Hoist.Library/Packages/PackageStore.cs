using System.Globalization;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Library.Index;
using Hoist.Packaging.Files;

namespace Hoist.Library.Packages;

/// <summary>The packages of the library: immutable files named by digest, indexed by name and version.</summary>
public sealed class PackageStore
{
    private readonly LibraryIndex _index;

    public PackageStore(LibraryIndex index) => _index = index;

    public HoistHome Home => _index.Home;

    /// <summary>
    /// Adds a package file to the library after checking its structure (see <see cref="PackageFile.Open"/>).
    /// With <paramref name="move"/> the file is renamed into place (it must be on the library's
    /// filesystem); otherwise it is copied. Adding a package that is already there changes nothing
    /// and returns the existing record.
    /// </summary>
    public PackageRecord Add(string packageFile, bool move)
    {
        Digest digest;
        string name, version;
        using (var package = PackageFile.Open(packageFile))
        {
            digest = package.Digest;
            name = package.Manifest.Name;
            version = package.Manifest.Version;
        }

        if (Find(digest.ToString()) is { } existing)
        {
            if (move)
            {
                File.Delete(packageFile);
            }

            return existing;
        }

        Directory.CreateDirectory(Home.Packages);
        var target = Path.Combine(Home.Packages, digest.Hex + ".hpkg");
        var staging = Path.Combine(Home.Temp, $"package-{Environment.ProcessId}-{Guid.NewGuid():n}.hpkg");
        Directory.CreateDirectory(Home.Temp);
        if (move)
        {
            File.Move(packageFile, staging);
        }
        else
        {
            File.Copy(packageFile, staging);
        }

        File.SetUnixFileMode(staging, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using (var written = new FileStream(staging, FileMode.Open, FileAccess.Read))
        {
            // On disk before it has a name in the library (the sequencer's capture is not synced).
            written.Flush(flushToDisk: true);
        }

        File.Move(staging, target, overwrite: true);
        var record = new PackageRecord(digest, name, version, new FileInfo(target).Length, DateTimeOffset.UtcNow, target);
        using var connection = _index.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO packages (digest, name, version, size, created) VALUES ($digest, $name, $version, $size, $created)";
        command.Parameters.AddWithValue("$digest", digest.ToString());
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$version", version);
        command.Parameters.AddWithValue("$size", record.Size);
        command.Parameters.AddWithValue("$created", record.Created.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
        return record;
    }

    /// <summary>Every package, by name, newest first within a name.</summary>
    public IReadOnlyList<PackageRecord> List() => Query("SELECT * FROM packages ORDER BY name, created DESC", null);

    /// <summary>
    /// Finds a package by reference: a digest ("sha256:HEX") or a unique digest prefix (at least 4 hex
    /// digits), "NAME:VERSION", or "NAME" (the newest package of that name). Null when none matches;
    /// throws <see cref="ErrorKind.InvalidArgument"/> when a digest prefix matches several.
    /// </summary>
    public PackageRecord? Find(string reference)
    {
        // A whole digest is no package name (names hold no ':'): one query, not three.
        if (Digest.TryParse(reference, out var digest))
        {
            return Find(digest);
        }

        var byName = Query("SELECT * FROM packages WHERE name = $a ORDER BY created DESC", reference);
        if (byName.Count > 0)
        {
            return byName[0];
        }

        var colon = reference.LastIndexOf(':');
        if (colon > 0 && !reference.StartsWith("sha256:", StringComparison.Ordinal))
        {
            var versioned = Query("SELECT * FROM packages WHERE name || ':' || version = $a ORDER BY created DESC", reference);
            if (versioned.Count > 0)
            {
                return versioned[0];
            }
        }

        var hex = reference.StartsWith("sha256:", StringComparison.Ordinal) ? reference[7..] : reference;
        if (hex.Length < 4 || !hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return null;
        }

        var matches = Query("SELECT * FROM packages WHERE digest LIKE $a ORDER BY created DESC", "sha256:" + hex + "%");
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw HoistException.InvalidArgument($"digest prefix '{hex}' matches {matches.Count} packages", "give more digits"),
        };
    }

    /// <summary>The package of digest <paramref name="digest"/>, or null: one query of the index.</summary>
    public PackageRecord? Find(Digest digest) => Query("SELECT * FROM packages WHERE digest = $a", digest.ToString()).FirstOrDefault();

    /// <summary>Like <see cref="Find(string)"/>, but throws <see cref="ErrorKind.NotFound"/> when nothing matches.</summary>
    public PackageRecord Get(string reference) =>
        Find(reference) ?? throw HoistException.NotFound(
            $"package '{reference}' not found in the library",
            "see 'hoist package ls', or give the path of a .hpkg file");

    /// <summary>The package file that <paramref name="fileOrReference"/> names: a path to an existing
    /// file (anything with a '/' or ending in .hpkg is taken as a path), else a library reference.</summary>
    public string Locate(string fileOrReference)
    {
        if (File.Exists(fileOrReference))
        {
            return Path.GetFullPath(fileOrReference);
        }

        if (fileOrReference.Contains('/') || fileOrReference.EndsWith(".hpkg", StringComparison.Ordinal))
        {
            throw HoistException.NotFound($"package file '{fileOrReference}' does not exist");
        }

        return Get(fileOrReference).Path;
    }

    /// <summary>Removes a package from the library: its row, then its file.</summary>
    public PackageRecord Remove(string reference)
    {
        var record = Get(reference);
        using (var connection = _index.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "DELETE FROM packages WHERE digest = $digest";
            command.Parameters.AddWithValue("$digest", record.Digest.ToString());
            command.ExecuteNonQuery();
        }

        File.Delete(record.Path);
        return record;
    }

    private List<PackageRecord> Query(string sql, string? argument) =>
        _index.Read(sql, argument, row =>
        {
            var digest = Digest.Parse(row.GetString("digest"));
            return new PackageRecord(
                digest,
                row.GetString("name"),
                row.GetString("version"),
                row.GetInt64("size"),
                row.GetTime("created"),
                Path.Combine(Home.Packages, digest.Hex + ".hpkg"));
        });
}
