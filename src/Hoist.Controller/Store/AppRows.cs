using System.Text.Json;
using Hoist.Controller.Model;
using Microsoft.Data.Sqlite;

namespace Hoist.Controller.Store;

/// <summary>Rows of the apps table.</summary>
internal static class AppRows
{
    private const string UpsertSql = """
        INSERT INTO apps (name, grp, instance, host, package, package_name, package_version, parameters, resources,
            desired, status, ports, problem, since, migration, created)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
        ON CONFLICT (name) DO UPDATE SET grp = $2, instance = $3, host = $4, package = $5, package_name = $6,
            package_version = $7, parameters = $8, resources = $9, desired = $10, status = $11, ports = $12,
            problem = $13, since = $14, migration = $15, created = $16
        """;

    public static void Save(Statements db, AppRecord app) =>
        db.Execute(
            UpsertSql, app.Name, app.Group, app.Instance, app.Host, app.Package, app.PackageName, app.PackageVersion,
            JsonSerializer.Serialize(app.Parameters, StoreJson.Default.IReadOnlyDictionaryStringString),
            JsonSerializer.Serialize(app.Resources, StoreJson.Default.IReadOnlyDictionaryStringString),
            app.Desired, app.Status, JsonSerializer.Serialize(app.Ports, StoreJson.Default.IReadOnlyListString),
            app.Problem, app.Since, app.Migration, app.Created);

    public static void Delete(Statements db, string name) => db.Execute("DELETE FROM apps WHERE name = $1", name);

    public static List<AppRecord> ReadAll(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT name, grp, instance, host, package, package_name, package_version, parameters, resources,
                desired, status, ports, problem, since, migration, created FROM apps
            """;
        using var reader = command.ExecuteReader();
        var apps = new List<AppRecord>();
        while (reader.Read())
        {
            apps.Add(new AppRecord
            {
                Name = reader.GetString(0),
                Group = reader.GetString(1),
                Instance = reader.GetInt32(2),
                Host = reader.GetString(3),
                Package = reader.GetString(4),
                PackageName = reader.GetString(5),
                PackageVersion = reader.GetString(6),
                Parameters = JsonSerializer.Deserialize(reader.GetString(7), StoreJson.Default.IReadOnlyDictionaryStringString)!,
                Resources = JsonSerializer.Deserialize(reader.GetString(8), StoreJson.Default.IReadOnlyDictionaryStringString)!,
                Desired = reader.GetString(9),
                Status = reader.GetString(10),
                Ports = JsonSerializer.Deserialize(reader.GetString(11), StoreJson.Default.IReadOnlyListString)!,
                Problem = reader.IsDBNull(12) ? null : reader.GetString(12),
                Since = Times.ReadOptional(reader.GetValue(13)),
                Migration = reader.IsDBNull(14) ? null : reader.GetString(14),
                Created = Times.Read(reader.GetString(15)),
            });
        }

        return apps;
    }
}
