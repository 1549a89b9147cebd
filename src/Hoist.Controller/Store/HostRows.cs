using System.Text.Json;
using Hoist.Controller.Model;
using Microsoft.Data.Sqlite;

namespace Hoist.Controller.Store;

/// <summary>Rows of the hosts table.</summary>
internal static class HostRows
{
    private const string UpsertSql = """
        INSERT INTO hosts (name, address, state, offline, facts, agent_version, registered, last_seen, problem, upgrade_image, upgrade_order)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (name) DO UPDATE SET address = $2, state = $3, offline = $4, facts = $5, agent_version = $6,
            registered = $7, last_seen = $8, problem = $9, upgrade_image = $10, upgrade_order = $11
        """;

    public static void Save(Statements db, HostRecord host) =>
        db.Execute(
            UpsertSql, host.Name, host.Address, host.State, host.Offline, JsonSerializer.Serialize(host.Facts, StoreJson.Default.HostFacts),
            host.AgentVersion, host.Registered, host.LastSeen, host.Problem, host.UpgradeImage, host.UpgradeOrder);

    public static List<HostRecord> ReadAll(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, address, state, offline, facts, agent_version, registered, last_seen, problem, upgrade_image, upgrade_order FROM hosts";
        using var reader = command.ExecuteReader();
        var hosts = new List<HostRecord>();
        while (reader.Read())
        {
            hosts.Add(new HostRecord
            {
                Name = reader.GetString(0),
                Address = reader.IsDBNull(1) ? null : reader.GetString(1),
                State = reader.GetString(2),
                Offline = reader.GetInt64(3) != 0,
                Facts = JsonSerializer.Deserialize(reader.GetString(4), StoreJson.Default.HostFacts)!,
                AgentVersion = reader.IsDBNull(5) ? null : reader.GetString(5),
                Registered = Times.Read(reader.GetString(6)),
                LastSeen = Times.Read(reader.GetString(7)),
                Problem = reader.IsDBNull(8) ? null : reader.GetString(8),
                UpgradeImage = reader.IsDBNull(9) ? null : reader.GetString(9),
                UpgradeOrder = reader.IsDBNull(10) ? null : reader.GetInt64(10),
            });
        }

        return hosts;
    }
}
