using System.Runtime.InteropServices;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Hoist.Library.Index;

/// <summary>
/// The SQLite index of the local library: one row per OS image and per package. The files
/// themselves live beside it under <see cref="HoistHome"/>; a row is written only once its
/// files are in place, and removed before they are deleted.
/// </summary>
public sealed class LibraryIndex
{
    private static readonly string[] CreateTables =
    [
        """
        CREATE TABLE images (
            name TEXT PRIMARY KEY,
            release TEXT,
            source TEXT NOT NULL,
            os_id TEXT,
            os_version_id TEXT,
            os_codename TEXT,
            os_pretty TEXT,
            architecture TEXT NOT NULL,
            glibc TEXT,
            libraries TEXT NOT NULL, -- file names, one a line
            digest TEXT NOT NULL,
            size INTEGER NOT NULL,
            files INTEGER NOT NULL,
            created TEXT NOT NULL)
        """,
        """
        CREATE TABLE packages (
            digest TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            size INTEGER NOT NULL,
            created TEXT NOT NULL)
        """,
        "CREATE INDEX packages_by_name ON packages(name, created)",
    ];

    // Each step takes the schema from its index to the next version; a new library runs them all.
    private static readonly string[][] Migrations =
    [
        CreateTables,

        // 2: an image's libraries are stored one a line, not as JSON (no JSON parser at start-up).
        ["UPDATE images SET libraries = (SELECT coalesce(group_concat(value, char(10)), '') FROM json_each(images.libraries)) WHERE json_valid(libraries)"],

        // 3: the runtime's hosts and apps. A host runs on an OS image of the library (the machine's
        // own root for the implicit host "local"); an app is a package deployed on a host, with values.
        [
            """
            CREATE TABLE hosts (
                name TEXT PRIMARY KEY,
                image TEXT NOT NULL,
                network TEXT NOT NULL,
                address TEXT,
                state TEXT NOT NULL,
                created TEXT NOT NULL)
            """,
            """
            CREATE TABLE apps (
                name TEXT PRIMARY KEY,
                host TEXT NOT NULL,
                package TEXT NOT NULL,
                parameters TEXT NOT NULL,
                resources TEXT NOT NULL,
                desired TEXT NOT NULL,
                created TEXT NOT NULL)
            """,
            "CREATE INDEX apps_by_host ON apps(host)",
        ],
    ];

    private static readonly int SchemaVersion = Migrations.Length;

    private readonly string _connectionString;

    static LibraryIndex()
    {
        // SQLite's native library sits beside a published hoist: loaded from there by its path, it is
        // found at once. Asked for by its name alone, the runtime first tried 45 other paths (the system's
        // library directories, for e_sqlite3.so and libe_sqlite3.so) on every command that reads the
        // library. Elsewhere (tests, the controller) the name is looked up as before.
        NativeLibrary.SetDllImportResolver(typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly, (name, _, _) =>
            name == "e_sqlite3" && NativeLibrary.TryLoad(Path.Combine(AppContext.BaseDirectory, "libe_sqlite3.so"), out var handle)
                ? handle
                : IntPtr.Zero);
    }

    public LibraryIndex(HoistHome home)
    {
        Home = home;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = home.Database,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
    }

    public HoistHome Home { get; }

    /// <summary>
    /// Does SQLite's one-time set-up in this process (its native library, the static state of
    /// Microsoft.Data.Sqlite, which starts a timer) on a database in memory, touching no file: about
    /// 3 ms, which a command can spend on another core while it does something else. Never throws: a
    /// failure shows at the next <see cref="Open"/>, which reports it.
    /// </summary>
    public static void Warm()
    {
        try
        {
            using var connection = new SqliteConnection("Data Source=:memory:");
            connection.Open();
        }
        catch (Exception)
        {
            // Open says what is wrong.
        }
    }

    /// <summary>Opens a connection, creating the library and its schema on first use.</summary>
    public SqliteConnection Open()
    {
        Home.EnsureCreated();
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;");
            Migrate(connection);
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw HoistException.Unavailable($"cannot open the library index {Home.Database}: {e.Message}", "check HOIST_HOME and the disk");
        }
    }

    private static void Migrate(SqliteConnection connection)
    {
        if (ReadVersion(connection, null) == SchemaVersion)
        {
            return;
        }

        // BEGIN IMMEDIATE: two processes opening a new library at once must not both create it.
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = ReadVersion(connection, transaction);
        if (version > SchemaVersion)
        {
            throw HoistException.FailedPrecondition(
                $"the library at {connection.DataSource} was written by a newer Hoist (schema {version})",
                "use that Hoist, or another HOIST_HOME");
        }

        foreach (var statement in Migrations.Skip(version).SelectMany(step => step))
        {
            Execute(connection, statement, transaction);
        }

        Execute(connection, $"PRAGMA user_version={SchemaVersion}", transaction);

        transaction.Commit();
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
