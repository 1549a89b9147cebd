using System.Globalization;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Library.Index;
using Microsoft.Data.Sqlite;

namespace Hoist.Library.Images;

/// <summary>The OS images of the library: root filesystems under images/NAME/rootfs, indexed in SQLite.
/// An image's root is never written once added; apps see it only as an overlayfs lower layer.</summary>
public sealed class ImageStore
{
    private readonly LibraryIndex _index;

    public ImageStore(LibraryIndex index) => _index = index;

    public HoistHome Home => _index.Home;

    /// <summary>The directory an image named <paramref name="name"/> has (or would have) its root in.</summary>
    public string RootOf(string name) => Path.Combine(Home.Images, name, "rootfs");

    /// <summary>The path of the lock file that serializes changes to one image.</summary>
    public string LockOf(string name) => Path.Combine(Home.Images, $".{name}.lock");

    public IReadOnlyList<ImageRecord> List()
    {
        using var connection = _index.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM images ORDER BY name";
        return ReadAll(command);
    }

    public ImageRecord? Find(string name)
    {
        using var connection = _index.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM images WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return ReadAll(command).FirstOrDefault();
    }

    /// <summary>The image named <paramref name="name"/>; throws <see cref="ErrorKind.NotFound"/> saying how to get one.</summary>
    public ImageRecord Get(string name) =>
        Find(name) ?? throw HoistException.NotFound(
            $"image '{name}' not found",
            "see 'hoist image ls', or build it with 'hoist image build NAME --release bookworm'");

    /// <summary>
    /// Moves a prepared root filesystem into the library and records it, replacing an image of
    /// the same name if there is one. The caller holds the image's lock. The move is a rename on
    /// the library's filesystem, so the image appears whole or not at all.
    /// </summary>
    public void Commit(ImageRecord record, string preparedRoot)
    {
        var imageDirectory = Path.GetDirectoryName(record.RootPath)!;
        Directory.CreateDirectory(imageDirectory);
        string? replaced = null;
        if (Directory.Exists(record.RootPath))
        {
            replaced = Path.Combine(Home.Temp, $"replaced-{record.Name}-{Environment.ProcessId}-{Guid.NewGuid():n}");
            Directory.Move(record.RootPath, replaced);
        }

        Directory.Move(preparedRoot, record.RootPath);
        using (var connection = _index.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                INSERT OR REPLACE INTO images (name, release, source, os_id, os_version_id, os_codename, os_pretty,
                    architecture, glibc, libraries, digest, size, files, created)
                VALUES ($name, $release, $source, $os_id, $os_version_id, $os_codename, $os_pretty,
                    $architecture, $glibc, $libraries, $digest, $size, $files, $created)
                """;
            var p = command.Parameters;
            p.AddWithValue("$name", record.Name);
            p.AddWithValue("$release", (object?)record.Release ?? DBNull.Value);
            p.AddWithValue("$source", record.Source);
            p.AddWithValue("$os_id", (object?)record.Os.Id ?? DBNull.Value);
            p.AddWithValue("$os_version_id", (object?)record.Os.VersionId ?? DBNull.Value);
            p.AddWithValue("$os_codename", (object?)record.Os.Codename ?? DBNull.Value);
            p.AddWithValue("$os_pretty", (object?)record.Os.PrettyName ?? DBNull.Value);
            p.AddWithValue("$architecture", record.Architecture);
            p.AddWithValue("$glibc", (object?)record.Glibc ?? DBNull.Value);
            p.AddWithValue("$libraries", string.Join('\n', record.Libraries));
            p.AddWithValue("$digest", record.Digest.ToString());
            p.AddWithValue("$size", record.Size);
            p.AddWithValue("$files", record.Files);
            p.AddWithValue("$created", record.Created.ToString("O", CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
        }

        if (replaced is not null)
        {
            FileTree.Delete(replaced);
        }
    }

    /// <summary>Removes an image: its row first, then its files (moved aside first, so that a crash
    /// leaves only a stale temporary directory). Waits while the image is being built or sequenced on
    /// (<paramref name="onWait"/> is told once). Throws <see cref="ErrorKind.NotFound"/>, and
    /// <see cref="ErrorKind.FailedPrecondition"/> when something is mounted from it.</summary>
    public async Task RemoveAsync(string name, Action? onWait, CancellationToken cancellationToken)
    {
        Get(name);
        using var imageLock = await FileLock.AcquireAsync(LockOf(name), onWait, cancellationToken).ConfigureAwait(false);
        var record = Get(name);
        var imageDirectory = Path.GetDirectoryName(record.RootPath)!;
        var mounted = Mounts.Below(imageDirectory);
        if (mounted.Count > 0)
        {
            throw HoistException.FailedPrecondition(
                $"image '{name}' is in use: {mounted[0]} is mounted", "stop what uses it (hosts, apps), then remove it");
        }

        var doomed = Path.Combine(Home.Temp, $"removed-{name}-{Environment.ProcessId}-{Guid.NewGuid():n}");
        Directory.CreateDirectory(Home.Temp);
        if (Directory.Exists(imageDirectory))
        {
            Directory.Move(imageDirectory, doomed);
        }

        using (var connection = _index.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "DELETE FROM images WHERE name = $name";
            command.Parameters.AddWithValue("$name", name);
            command.ExecuteNonQuery();
        }

        FileTree.Delete(doomed);
    }

    private List<ImageRecord> ReadAll(SqliteCommand command)
    {
        var records = new List<ImageRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(reader.GetOrdinal("name"));
            records.Add(new ImageRecord
            {
                Name = name,
                Release = Text(reader, "release"),
                Source = reader.GetString(reader.GetOrdinal("source")),
                Os = new OsRelease(Text(reader, "os_id"), Text(reader, "os_version_id"), Text(reader, "os_codename"), Text(reader, "os_pretty")),
                Architecture = reader.GetString(reader.GetOrdinal("architecture")),
                Glibc = Text(reader, "glibc"),
                Libraries = reader.GetString(reader.GetOrdinal("libraries")).Split('\n', StringSplitOptions.RemoveEmptyEntries),
                Digest = Digest.Parse(reader.GetString(reader.GetOrdinal("digest"))),
                Size = reader.GetInt64(reader.GetOrdinal("size")),
                Files = reader.GetInt64(reader.GetOrdinal("files")),
                Created = DateTimeOffset.Parse(reader.GetString(reader.GetOrdinal("created")), CultureInfo.InvariantCulture),
                RootPath = RootOf(name),
            });
        }

        return records;
    }

    private static string? Text(SqliteDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }
}
