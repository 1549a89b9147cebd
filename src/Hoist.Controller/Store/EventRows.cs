using Hoist.Fabric.Api;
using Microsoft.Data.Sqlite;

namespace Hoist.Controller.Store;

/// <summary>Rows of the events table.</summary>
internal static class EventRows
{
    public static void Insert(Statements db, EventView e) =>
        db.Execute("INSERT INTO events (id, time, kind, subject, message) VALUES ($1, $2, $3, $4, $5)", e.Id, e.Time, e.Kind, e.Subject, e.Message);

    /// <summary>Up to <paramref name="limit"/> events after <paramref name="after"/>, oldest first.</summary>
    public static List<EventView> Read(SqliteConnection connection, long after, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, time, kind, subject, message FROM events WHERE id > $after ORDER BY id LIMIT $limit";
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var events = new List<EventView>();
        while (reader.Read())
        {
            events.Add(new EventView
            {
                Id = reader.GetInt64(0),
                Time = Times.Read(reader.GetString(1)),
                Kind = reader.GetString(2),
                Subject = reader.IsDBNull(3) ? null : reader.GetString(3),
                Message = reader.GetString(4),
            });
        }

        return events;
    }

    public static long MaxId(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(id), 0) FROM events";
        return (long)command.ExecuteScalar()!;
    }
}
