using System.Text.Json;
using Hoist.Controller.Model;
using Microsoft.Data.Sqlite;

namespace Hoist.Controller.Store;

/// <summary>Rows of the migrations table.</summary>
internal static class MigrationRows
{
    private const string Columns = """
        id, seq, app, source, target, mode, phase, rounds, bytes_sent, last_round_bytes, state_bytes, downtime_ms, error, log,
        started, finished, last_recipe, recipes, down_since, source_was_running, steps
        """;

    private const string UpsertSql = $"""
        INSERT INTO migrations ({Columns})
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
        ON CONFLICT (id) DO UPDATE SET phase = $7, rounds = $8, bytes_sent = $9, last_round_bytes = $10, state_bytes = $11,
            downtime_ms = $12, error = $13, log = $14, finished = $16, last_recipe = $17, recipes = $18, down_since = $19,
            source_was_running = $20, steps = $21
        """;

    public static void Save(Statements db, MigrationRecord m, long seq) =>
        db.Execute(
            UpsertSql, m.Id, seq, m.App, m.Source, m.Target, m.Mode, m.Phase, m.Rounds, m.BytesSent, m.LastRoundBytes, m.StateBytes,
            m.DowntimeMs, m.Error, JsonSerializer.Serialize(m.Log, StoreJson.Default.IReadOnlyListString), m.Started, m.Finished,
            m.LastRecipe, JsonSerializer.Serialize(m.Recipes, StoreJson.Default.IReadOnlyListString), m.DownSince, m.SourceWasRunning,
            JsonSerializer.Serialize(m.Steps, StoreJson.Default.IReadOnlyDictionaryStringInt64));

    /// <summary>Every migration, oldest first, with its sequence number.</summary>
    public static List<(MigrationRecord Migration, long Seq)> ReadAll(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM migrations ORDER BY seq";
        using var reader = command.ExecuteReader();
        var migrations = new List<(MigrationRecord, long)>();
        while (reader.Read())
        {
            migrations.Add((new MigrationRecord
            {
                Id = reader.GetString(0),
                App = reader.GetString(2),
                Source = reader.GetString(3),
                Target = reader.GetString(4),
                Mode = reader.GetString(5),
                Phase = reader.GetString(6),
                Rounds = reader.GetInt32(7),
                BytesSent = reader.GetInt64(8),
                LastRoundBytes = reader.GetInt64(9),
                StateBytes = reader.GetInt64(10),
                DowntimeMs = reader.IsDBNull(11) ? null : reader.GetDouble(11),
                Error = reader.IsDBNull(12) ? null : reader.GetString(12),
                Log = JsonSerializer.Deserialize(reader.GetString(13), StoreJson.Default.IReadOnlyListString)!,
                Started = Times.Read(reader.GetString(14)),
                Finished = Times.ReadOptional(reader.GetValue(15)),
                LastRecipe = reader.IsDBNull(16) ? null : reader.GetString(16),
                Recipes = JsonSerializer.Deserialize(reader.GetString(17), StoreJson.Default.IReadOnlyListString)!,
                DownSince = Times.ReadOptional(reader.GetValue(18)),
                SourceWasRunning = reader.GetInt64(19) != 0,
                Steps = JsonSerializer.Deserialize(reader.GetString(20), StoreJson.Default.IReadOnlyDictionaryStringInt64)!,
            }, reader.GetInt64(1)));
        }

        return migrations;
    }
}
