using System.Globalization;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Library.Index;
using Microsoft.Data.Sqlite;

namespace Hoist.Runtime.Apps;

/// <summary>The apps of the library's index (table apps).</summary>
public sealed class AppStore
{
    private readonly LibraryIndex _index;

    public AppStore(LibraryIndex index) => _index = index;

    /// <summary>Adds an app; throws <see cref="ErrorKind.AlreadyExists"/> when the name is taken.</summary>
    public void Add(AppRecord app)
    {
        using var connection = _index.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO apps (name, host, package, parameters, resources, desired, created)
            VALUES ($name, $host, $package, $parameters, $resources, $desired, $created)
            """;
        command.Parameters.AddWithValue("$name", app.Name);
        command.Parameters.AddWithValue("$host", app.Host);
        command.Parameters.AddWithValue("$package", app.Package.ToString());
        command.Parameters.AddWithValue("$parameters", StringMapJson.Write(app.Parameters));
        command.Parameters.AddWithValue("$resources", StringMapJson.Write(app.Resources));
        command.Parameters.AddWithValue("$desired", app.Desired);
        command.Parameters.AddWithValue("$created", app.Created.ToString("O", CultureInfo.InvariantCulture));
        try
        {
            command.ExecuteNonQuery();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw HoistException.AlreadyExists($"app '{app.Name}' exists", "choose another name with --name, or remove it with 'hoist rm'");
        }
    }

    public AppRecord? Find(string name) => Query("SELECT * FROM apps WHERE name = $a", name).FirstOrDefault();

    /// <summary>The app; throws <see cref="ErrorKind.NotFound"/> saying how to see the apps.</summary>
    public AppRecord Get(string name) =>
        Find(name) ?? throw HoistException.NotFound($"app '{name}' not found", "see 'hoist ps --all'");

    /// <summary>Every app, by name; only those on <paramref name="host"/> when given.</summary>
    public IReadOnlyList<AppRecord> List(string? host = null) =>
        host is null ? Query("SELECT * FROM apps ORDER BY name", null) : Query("SELECT * FROM apps WHERE host = $a ORDER BY name", host);

    /// <summary>Records what the user asked for last ("running" or "stopped").</summary>
    public void SetDesired(string name, string desired) => Execute("UPDATE apps SET desired = $b WHERE name = $a", name, desired);

    /// <summary>Moves the app to another host (servicing and restore keep its state).</summary>
    public void SetHost(string name, string host) => Execute("UPDATE apps SET host = $b WHERE name = $a", name, host);

    public void Remove(string name) => Execute("DELETE FROM apps WHERE name = $a", name, null);

    // Reads and one-statement changes go through the index's quick connection: a start reads the app's
    // record before its signal and writes its desired state while its services start.
    private void Execute(string sql, string a, string? b) => _index.Write(sql, a, b);

    private List<AppRecord> Query(string sql, string? argument) =>
        _index.Read(sql, argument, row => new AppRecord
        {
            Name = row.GetString("name"),
            Host = row.GetString("host"),
            Package = Digest.Parse(row.GetString("package")),
            Parameters = StringMapJson.Read(row.GetString("parameters")),
            Resources = StringMapJson.Read(row.GetString("resources")),
            Desired = row.GetString("desired"),
            Created = row.GetTime("created"),
        });
}
