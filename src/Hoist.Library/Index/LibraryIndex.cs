using System.Runtime.InteropServices;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

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

    // SQLite's native library sits beside a published hoist: loaded from there by its path, it is found
    // at once. Asked for by its name alone, the runtime first tried 45 other paths (the system's library
    // directories, for e_sqlite3.so and libe_sqlite3.so) on every command that opened the library.
    // Elsewhere (tests, the controller) the name is looked up as before. Registered at the first Open: it
    // needs the provider's assembly, whose look-up by reflection costs 1.5 ms, which the quick connection
    // does without.
    private static readonly Lazy<bool> NativeLibraryPath = new(() =>
    {
        NativeLibrary.SetDllImportResolver(typeof(SQLite3Provider_e_sqlite3).Assembly, (name, _, _) =>
            name == "e_sqlite3" && NativeLibrary.TryLoad(Path.Combine(AppContext.BaseDirectory, "libe_sqlite3.so"), out var handle)
                ? handle
                : IntPtr.Zero);
        return true;
    });

    private static QuickConnection? _quick;

    private string? _connectionString;

    public LibraryIndex(HoistHome home) => Home = home;

    public HoistHome Home { get; }

    // Built when first needed: Microsoft.Data.Sqlite's builder costs about 1 ms the first time (perf
    // uprobes), and a command that only reads never needs it.
    private string ConnectionString => _connectionString ??= new SqliteConnectionStringBuilder
    {
        DataSource = Home.Database,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>
    /// Does the set-up of the index's quick connection (see <see cref="Read{T}"/>) in this process on
    /// another core while the command does something else: loads SQLite's library, and opens the index
    /// of <paramref name="home"/> if it exists (opening it and reading its schema's version took 1.4 ms of
    /// each start). Never throws: a failure shows at the next read or <see cref="Open"/>, which reports it.
    /// </summary>
    public static void Warm(HoistHome home)
    {
        var quick = new QuickConnection(home.Database);
        Volatile.Write(ref _quick, quick);
        nint database = 0;
        try
        {
            SqliteNative.Load();
            database = OpenQuick(home.Database);
        }
        catch (Exception)
        {
            // Read, Write and Open say what is wrong.
        }
        finally
        {
            quick.Complete(database);
        }
    }

    /// <summary>
    /// Runs <paramref name="sql"/>, a query with at most one parameter ($a, given <paramref name="argument"/>),
    /// and maps each row with <paramref name="map"/>, on the quick connection: SQLite's C functions bound
    /// by name (<see cref="SqliteNative"/>), with none of the set-up of Microsoft.Data.Sqlite, which costs
    /// milliseconds of CPU in each process (reflection, a timer). A library that does not exist yet, or
    /// that an older Hoist made, is first created or brought up to date by <see cref="Open"/>. Throws
    /// <see cref="ErrorKind.Unavailable"/> when SQLite fails.
    /// </summary>
    public List<T> Read<T>(string sql, string? argument, Func<IndexRow, T> map) =>
        WithQuick(sql, argument, null, (statement, database) =>
        {
            var rows = new List<T>();
            var row = new IndexRow(statement);
            int rc;
            while ((rc = SqliteNative.Step(statement)) == SqliteNative.Row)
            {
                rows.Add(map(row));
            }

            Check(database, rc == SqliteNative.Done ? SqliteNative.Ok : rc);
            return rows;
        });

    /// <summary>Runs <paramref name="sql"/>, one statement that changes the index, with the parameters
    /// $a and $b (when not null), on the quick connection (see <see cref="Read{T}"/>). Throws
    /// <see cref="ErrorKind.Unavailable"/> when SQLite fails.</summary>
    public void Write(string sql, string a, string? b) =>
        WithQuick(sql, a, b, (statement, database) =>
        {
            var rc = SqliteNative.Step(statement);
            Check(database, rc == SqliteNative.Done ? SqliteNative.Ok : rc);
            return true;
        });

    private T WithQuick<T>(string sql, string? a, string? b, Func<nint, nint, T> run)
    {
        SqliteNative.Load();
        var quick = Volatile.Read(ref _quick) is { } kept && kept.Path == Home.Database ? kept : null;
        var database = quick?.Take() ?? 0;
        if (database == 0)
        {
            database = OpenQuick(Home.Database);
        }

        if (database == 0)
        {
            database = UpToDate();
        }

        try
        {
            var statement = SqliteNative.Prepare(database, sql);
            Check(database, statement == 0 ? -1 : SqliteNative.Ok);
            try
            {
                if (a is not null)
                {
                    Check(database, SqliteNative.BindText(statement, "$a", a));
                }

                if (b is not null)
                {
                    Check(database, SqliteNative.BindText(statement, "$b", b));
                }

                return run(statement, database);
            }
            finally
            {
                SqliteNative.Finalize(statement);
            }
        }
        finally
        {
            if (quick is null || !quick.GiveBack(database))
            {
                SqliteNative.Close(database);
            }
        }

        // Opened the usual way (which creates or migrates the library, and reports what fails), then
        // quickly.
        nint UpToDate()
        {
            Open().Dispose();
            var database = OpenQuick(Home.Database);
            return database != 0 ? database : throw HoistException.Unavailable($"cannot read the library index {Home.Database}: its schema is not version {SchemaVersion}", "check HOIST_HOME");
        }
    }

    // The index opened, or 0 when it does not exist or its schema is not this Hoist's.
    private static nint OpenQuick(string path)
    {
        var database = SqliteNative.Open(path, SqliteNative.OpenReadWrite);
        if (database == 0)
        {
            return 0;
        }

        SqliteNative.BusyTimeout(database, 10_000);
        var statement = SqliteNative.Prepare(database, "PRAGMA user_version");
        try
        {
            if (statement != 0 && SqliteNative.Step(statement) == SqliteNative.Row && SqliteNative.ColumnInt64(statement, 0) == SchemaVersion)
            {
                return database;
            }
        }
        finally
        {
            SqliteNative.Finalize(statement);
        }

        SqliteNative.Close(database);
        return 0;
    }

    private void Check(nint database, int rc)
    {
        if (rc != SqliteNative.Ok)
        {
            throw HoistException.Unavailable($"SQLite failed on the library index {Home.Database}: {SqliteNative.ErrorMessage(database)}", "check HOIST_HOME and the disk");
        }
    }

    /// <summary>Opens a connection, creating the library and its schema on first use.</summary>
    public SqliteConnection Open()
    {
        _ = NativeLibraryPath.Value;
        Home.EnsureCreated();
        var connection = new SqliteConnection(ConnectionString);
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

    // The connection to the index that Read and Write share in a process where Warm opened it ahead, on
    // its thread: only the first use opens the index (opening it and reading its schema's version took
    // 1.4 ms of each start), and none closes it (the last connection to close checkpoints the index and
    // deletes its -wal and -shm files, 0.4 ms). One use at a time has it; one that finds it taken opens
    // another.
    private sealed class QuickConnection(string path)
    {
        private readonly ManualResetEventSlim _opened = new();
        private nint _database;

        public string Path => path;

        public void Complete(nint database)
        {
            _database = database;
            _opened.Set();
        }

        // Waits for Warm (a second at most: it takes milliseconds, and a connection opened meanwhile would
        // wait for its locks), then takes the connection; 0 when Warm could not open it, or it is taken.
        public nint Take() => _opened.Wait(TimeSpan.FromSeconds(1)) ? Interlocked.Exchange(ref _database, 0) : 0;

        // Keeps the connection for the next use; false when another is kept already (close this one).
        public bool GiveBack(nint database) => Interlocked.CompareExchange(ref _database, database, 0) == 0;
    }
}
