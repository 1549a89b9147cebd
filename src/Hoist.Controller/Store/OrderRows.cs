using System.Text.Json;
using Hoist.Controller.Model;
using Microsoft.Data.Sqlite;

namespace Hoist.Controller.Store;

/// <summary>Rows of the orders table.</summary>
internal static class OrderRows
{
    private const string UpsertSql = """
        INSERT INTO orders (id, host, kind, body, state, result, created, delivered, finished)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (id) DO UPDATE SET state = $5, result = $6, delivered = $8, finished = $9
        """;

    public static void Save(Statements db, OrderRecord order) =>
        db.Execute(
            UpsertSql, order.Id, order.Host, order.Body.Kind, JsonSerializer.Serialize(order.Body, StoreJson.Default.Order), order.State,
            order.Result is null ? null : JsonSerializer.Serialize(order.Result, StoreJson.Default.OrderResult),
            order.Created, order.Delivered, order.Finished);

    /// <summary>The orders still pending, and those of <paramref name="ids"/> whatever their state.</summary>
    public static List<OrderRecord> ReadLive(SqliteConnection connection, IReadOnlySet<long> ids)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT host, body, state, result, created, delivered, finished FROM orders WHERE state = 'pending' OR id IN (SELECT value FROM json_each($ids))";
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids.ToArray(), StoreJson.Default.Int64Array));
        using var reader = command.ExecuteReader();
        var orders = new List<OrderRecord>();
        while (reader.Read())
        {
            orders.Add(new OrderRecord
            {
                Host = reader.GetString(0),
                Body = JsonSerializer.Deserialize(reader.GetString(1), StoreJson.Default.Order)!,
                State = reader.GetString(2),
                Result = reader.IsDBNull(3) ? null : JsonSerializer.Deserialize(reader.GetString(3), StoreJson.Default.OrderResult),
                Created = Times.Read(reader.GetString(4)),
                Delivered = Times.ReadOptional(reader.GetValue(5)),
                Finished = Times.ReadOptional(reader.GetValue(6)),
            });
        }

        return orders;
    }

    public static long MaxId(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(id), 0) FROM orders";
        return (long)command.ExecuteScalar()!;
    }
}
