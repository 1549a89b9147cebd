using Hoist.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Hoist.Library.Tests.Index;

/// <summary>Library index files made by hand for tests, with Microsoft.Data.Sqlite.</summary>
internal static class IndexFiles
{
    /// <summary>Runs <paramref name="sql"/> on the index of <paramref name="home"/>, creating its file
    /// (and no schema) when there is none.</summary>
    public static void Execute(HoistHome home, string sql)
    {
        home.EnsureCreated();
        using var connection = new SqliteConnection($"Data Source={home.Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
