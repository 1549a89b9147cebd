using System.Globalization;
using Hoist.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Hoist.Controller.Store;

/// <summary>controller.db: SQLite in WAL mode with synchronous=NORMAL (a commit is durable once the WAL
/// is synced at the next checkpoint; a power cut may lose the last moments, never corrupt), and a busy
/// timeout. One writer (<see cref="StoreWriter"/>); readers open their own connections.</summary>
internal sealed class ControllerDatabase
{
    private readonly string _connectionString;

    public ControllerDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>Opens a connection with the controller's pragmas. Throws <see cref="ErrorKind.Unavailable"/>
    /// when the file cannot be opened.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;");
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw HoistException.Unavailable($"cannot open the controller's database {Path}: {e.Message}", "check --home and the disk");
        }
    }

    /// <summary>Creates the tables of a new database, or brings an older one up to <see cref="Schema.Version"/>.
    /// Throws <see cref="ErrorKind.FailedPrecondition"/> for a database of a newer controller.</summary>
    public void EnsureSchema()
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = ReadVersion(connection, transaction);
        if (version > Schema.Version)
        {
            throw HoistException.FailedPrecondition(
                $"the controller's database {Path} was written by a newer controller (schema {version})", "run that controller, or use another --home");
        }

        foreach (var statement in Schema.Steps.Skip(version).SelectMany(step => step))
        {
            Execute(connection, statement, transaction);
        }

        Execute(connection, $"UPDATE schema_version SET version = {Schema.Version}", transaction);
        transaction.Commit();
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
        if (Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        command.CommandText = "SELECT version FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
