using System.Globalization;
using Hoist.Core.Errors;
using Hoist.Library.Index;
using Microsoft.Data.Sqlite;

namespace Hoist.Runtime.Hosts;

/// <summary>The hosts of the library, one row each in the index's hosts table. The implicit host
/// <see cref="HostRecord.LocalName"/> is never stored: it is found, listed first, and refused for
/// every change.</summary>
public sealed class HostStore
{
    // SQLITE_CONSTRAINT: the primary key refused a second row of one name.
    private const int ConstraintViolation = 19;

    private readonly LibraryIndex _index;

    public HostStore(LibraryIndex index) => _index = index;

    /// <summary>The path of the lock file that serializes changes to host <paramref name="name"/>
    /// (creating it, removing it, placing apps on it): hosts/.NAME.lock under the library.</summary>
    public string LockOf(string name) => Path.Combine(_index.Home.Root, "hosts", $".{name}.lock");

    /// <summary>Stores a new host. Throws <see cref="ErrorKind.AlreadyExists"/> when a host of that name
    /// exists (local included).</summary>
    public void Add(HostRecord host)
    {
        if (host.IsLocal)
        {
            throw AlreadyExists(host.Name);
        }

        using var connection = _index.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO hosts (name, image, network, address, state, created)
            VALUES ($name, $image, $network, $address, $state, $created)
            """;
        command.Parameters.AddWithValue("$name", host.Name);
        command.Parameters.AddWithValue("$image", host.Image);
        command.Parameters.AddWithValue("$network", host.Network);
        command.Parameters.AddWithValue("$address", (object?)host.Address ?? DBNull.Value);
        command.Parameters.AddWithValue("$state", host.State);
        command.Parameters.AddWithValue("$created", host.Created.ToString("O", CultureInfo.InvariantCulture));
        try
        {
            command.ExecuteNonQuery();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == ConstraintViolation)
        {
            throw AlreadyExists(host.Name);
        }
    }

    /// <summary>The host named <paramref name="name"/> (the implicit local host for "local"), or null.</summary>
    public HostRecord? Find(string name)
    {
        if (name == HostRecord.LocalName)
        {
            return Local();
        }

        using var connection = _index.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM hosts WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return ReadAll(command).FirstOrDefault();
    }

    /// <summary>The host named <paramref name="name"/>; throws <see cref="ErrorKind.NotFound"/> saying how to
    /// see the hosts there are or create one.</summary>
    public HostRecord Get(string name) =>
        Find(name) ?? throw HoistException.NotFound(
            $"host '{name}' not found",
            "see 'hoist host ls', or create it with 'hoist host create NAME --image IMG'");

    /// <summary>Every host: local first, then the stored ones by name.</summary>
    public IReadOnlyList<HostRecord> List()
    {
        using var connection = _index.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM hosts ORDER BY name";
        return [Local(), .. ReadAll(command)];
    }

    /// <summary>Sets a stored host's image and state (servicing moves a host to a new image). Throws
    /// <see cref="ErrorKind.NotFound"/> when there is no such host, and
    /// <see cref="ErrorKind.InvalidArgument"/> for local, which always runs on the machine's own root.</summary>
    public void Update(string name, string image, string state)
    {
        RefuseLocal(name, "changed");
        using var connection = _index.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE hosts SET image = $image, state = $state WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$image", image);
        command.Parameters.AddWithValue("$state", state);
        if (command.ExecuteNonQuery() == 0)
        {
            Get(name);
        }
    }

    /// <summary>Deletes a stored host's row. Returns false when there was none. Throws
    /// <see cref="ErrorKind.InvalidArgument"/> for local.</summary>
    public bool Remove(string name)
    {
        RefuseLocal(name, "removed");
        using var connection = _index.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM hosts WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteNonQuery() > 0;
    }

    private static void RefuseLocal(string name, string verb)
    {
        if (name == HostRecord.LocalName)
        {
            throw HoistException.InvalidArgument($"host '{name}' is this machine itself and cannot be {verb}");
        }
    }

    private static HoistException AlreadyExists(string name) =>
        HoistException.AlreadyExists($"host '{name}' already exists", "choose another name, or remove it first with 'hoist host rm NAME'");

    private static HostRecord Local() => new()
    {
        Name = HostRecord.LocalName,
        Image = HostRecord.MachineRoot,
        Network = HostRecord.SharedNetwork,
        State = HostRecord.ReadyState,
        Created = BootTime(),
    };

    // The local host came up with the machine: the "btime" line of /proc/stat, in seconds since the epoch.
    private static DateTimeOffset BootTime()
    {
        var line = File.ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith("btime ", StringComparison.Ordinal));
        return line is not null && long.TryParse(line.AsSpan(6).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.UnixEpoch;
    }

    private static List<HostRecord> ReadAll(SqliteCommand command)
    {
        var hosts = new List<HostRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var address = reader.GetOrdinal("address");
            hosts.Add(new HostRecord
            {
                Name = reader.GetString(reader.GetOrdinal("name")),
                Image = reader.GetString(reader.GetOrdinal("image")),
                Network = reader.GetString(reader.GetOrdinal("network")),
                Address = reader.IsDBNull(address) ? null : reader.GetString(address),
                State = reader.GetString(reader.GetOrdinal("state")),
                Created = DateTimeOffset.Parse(reader.GetString(reader.GetOrdinal("created")), CultureInfo.InvariantCulture),
            });
        }

        return hosts;
    }
}
