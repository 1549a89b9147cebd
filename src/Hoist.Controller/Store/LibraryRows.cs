using System.Text.Json;
using Hoist.Controller.Model;
using Microsoft.Data.Sqlite;

namespace Hoist.Controller.Store;

/// <summary>Rows of the library_items and item_chunks tables.</summary>
internal static class LibraryRows
{
    public static void Save(Statements db, LibraryItemRecord item)
    {
        db.Execute(
            """
            INSERT OR REPLACE INTO library_items (kind, name, version, digest, recipe, logical_bytes, created, image, manifest)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """,
            item.Kind, item.Name, item.Version, item.Digest, item.Recipe, item.LogicalBytes, item.Created,
            item.Image is null ? null : JsonSerializer.Serialize(item.Image, StoreJson.Default.HostFacts), item.Manifest);
        db.Execute("DELETE FROM item_chunks WHERE kind = $1 AND name = $2 AND version = $3", item.Kind, item.Name, item.Version);
        foreach (var chunk in item.Chunks)
        {
            db.Execute("INSERT OR IGNORE INTO item_chunks (kind, name, version, chunk) VALUES ($1, $2, $3, $4)", item.Kind, item.Name, item.Version, chunk);
        }
    }

    public static void Delete(Statements db, LibraryItemRecord item)
    {
        db.Execute("DELETE FROM library_items WHERE kind = $1 AND name = $2 AND version = $3", item.Kind, item.Name, item.Version);
        db.Execute("DELETE FROM item_chunks WHERE kind = $1 AND name = $2 AND version = $3", item.Kind, item.Name, item.Version);
    }

    public static List<LibraryItemRecord> ReadAll(SqliteConnection connection)
    {
        var chunks = new Dictionary<(string, string, string), List<string>>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT kind, name, version, chunk FROM item_chunks";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var key = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
                if (!chunks.TryGetValue(key, out var list))
                {
                    chunks[key] = list = [];
                }

                list.Add(reader.GetString(3));
            }
        }

        using var items = connection.CreateCommand();
        items.CommandText = "SELECT kind, name, version, digest, recipe, logical_bytes, created, image, manifest FROM library_items";
        using var rows = items.ExecuteReader();
        var result = new List<LibraryItemRecord>();
        while (rows.Read())
        {
            var key = (rows.GetString(0), rows.GetString(1), rows.GetString(2));
            result.Add(new LibraryItemRecord
            {
                Kind = key.Item1,
                Name = key.Item2,
                Version = key.Item3,
                Digest = rows.GetString(3),
                Recipe = rows.GetString(4),
                LogicalBytes = rows.GetInt64(5),
                Created = Times.Read(rows.GetString(6)),
                Image = rows.IsDBNull(7) ? null : JsonSerializer.Deserialize(rows.GetString(7), StoreJson.Default.HostFacts),
                Manifest = rows.IsDBNull(8) ? null : rows.GetString(8),
                Chunks = chunks.TryGetValue(key, out var list) ? list : [],
            });
        }

        return result;
    }
}
