using System.Runtime.InteropServices;
using System.Text;
using Hoist.Core.Errors;

namespace Hoist.Library.Index;

/// <summary>
/// The few functions of SQLite's C library (e_sqlite3, the one Microsoft.Data.Sqlite ships) that the
/// index's quick connection uses, bound by their exported names. Loading it this way runs no reflection:
/// through SQLitePCL, finding its provider and registering where its library is took about 2 ms of CPU
/// at each command, and Microsoft.Data.Sqlite's own set-up 3 ms more (perf, `hoist start`), on a 2-core
/// machine where a start's CPU is what delays the service it starts.
/// </summary>
internal static unsafe class SqliteNative
{
    public const int Ok = 0;
    public const int Row = 100;
    public const int Done = 101;
    public const int Null = 5;
    public const int OpenReadWrite = 0x2;

    private static readonly Lazy<Functions> Bound = new(Bind);

    /// <summary>Loads the library and binds its functions, once. Throws <see cref="ErrorKind.Unavailable"/>
    /// when libe_sqlite3.so is found neither beside the program nor where a build puts it.</summary>
    public static void Load() => _ = Bound.Value;

    public static nint Open(string path, int flags)
    {
        nint database;
        fixed (byte* name = Utf8(path))
        {
            var rc = Bound.Value.Open(name, &database, flags, null);
            if (rc != Ok)
            {
                Close(database);
                return 0;
            }
        }

        return database;
    }

    public static void Close(nint database)
    {
        if (database != 0)
        {
            Bound.Value.Close(database);
        }
    }

    public static void BusyTimeout(nint database, int milliseconds) => Bound.Value.BusyTimeout(database, milliseconds);

    /// <summary>The statement (0 on failure, <see cref="ErrorMessage"/> says why).</summary>
    public static nint Prepare(nint database, string sql)
    {
        nint statement;
        fixed (byte* text = Utf8(sql))
        {
            return Bound.Value.Prepare(database, text, -1, &statement, null) == Ok ? statement : 0;
        }
    }

    public static void Finalize(nint statement)
    {
        if (statement != 0)
        {
            Bound.Value.Finalize(statement);
        }
    }

    public static int BindText(nint statement, string parameter, string value)
    {
        int index;
        fixed (byte* name = Utf8(parameter))
        {
            index = Bound.Value.BindParameterIndex(statement, name);
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        fixed (byte* text = bytes)
        {
            // SQLITE_TRANSIENT (-1): SQLite copies the text before this returns.
            return Bound.Value.BindText(statement, index, text, bytes.Length, -1);
        }
    }

    public static int Step(nint statement) => Bound.Value.Step(statement);

    public static int ColumnCount(nint statement) => Bound.Value.ColumnCount(statement);

    public static string ColumnName(nint statement, int column) => Marshal.PtrToStringUTF8((nint)Bound.Value.ColumnName(statement, column)) ?? string.Empty;

    public static int ColumnType(nint statement, int column) => Bound.Value.ColumnType(statement, column);

    public static string ColumnText(nint statement, int column)
    {
        var text = Bound.Value.ColumnText(statement, column);
        return text is null ? string.Empty : Encoding.UTF8.GetString(text, Bound.Value.ColumnBytes(statement, column));
    }

    public static long ColumnInt64(nint statement, int column) => Bound.Value.ColumnInt64(statement, column);

    public static string ErrorMessage(nint database) => Marshal.PtrToStringUTF8((nint)Bound.Value.ErrorMessage(database)) ?? "unknown error";

    private static byte[] Utf8(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private static Functions Bind()
    {
        // Beside a published hoist; under runtimes/ in a build's output (tests, the controller).
        string[] places = [AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native")];
        foreach (var place in places)
        {
            if (NativeLibrary.TryLoad(Path.Combine(place, "libe_sqlite3.so"), out var library))
            {
                return new Functions(library);
            }
        }

        throw HoistException.Unavailable($"SQLite's library libe_sqlite3.so is not in {places[0]} nor in {places[1]}", "build hoist again with ./hoist (or ./install.sh)");
    }

    private sealed class Functions(nint library)
    {
        public readonly delegate* unmanaged<byte*, nint*, int, byte*, int> Open = (delegate* unmanaged<byte*, nint*, int, byte*, int>)Export(library, "sqlite3_open_v2");
        public readonly delegate* unmanaged<nint, int> Close = (delegate* unmanaged<nint, int>)Export(library, "sqlite3_close_v2");
        public readonly delegate* unmanaged<nint, int, int> BusyTimeout = (delegate* unmanaged<nint, int, int>)Export(library, "sqlite3_busy_timeout");
        public readonly delegate* unmanaged<nint, byte*, int, nint*, byte**, int> Prepare = (delegate* unmanaged<nint, byte*, int, nint*, byte**, int>)Export(library, "sqlite3_prepare_v2");
        public readonly delegate* unmanaged<nint, int> Finalize = (delegate* unmanaged<nint, int>)Export(library, "sqlite3_finalize");
        public readonly delegate* unmanaged<nint, byte*, int> BindParameterIndex = (delegate* unmanaged<nint, byte*, int>)Export(library, "sqlite3_bind_parameter_index");
        public readonly delegate* unmanaged<nint, int, byte*, int, nint, int> BindText = (delegate* unmanaged<nint, int, byte*, int, nint, int>)Export(library, "sqlite3_bind_text");
        public readonly delegate* unmanaged<nint, int> Step = (delegate* unmanaged<nint, int>)Export(library, "sqlite3_step");
        public readonly delegate* unmanaged<nint, int> ColumnCount = (delegate* unmanaged<nint, int>)Export(library, "sqlite3_column_count");
        public readonly delegate* unmanaged<nint, int, byte*> ColumnName = (delegate* unmanaged<nint, int, byte*>)Export(library, "sqlite3_column_name");
        public readonly delegate* unmanaged<nint, int, int> ColumnType = (delegate* unmanaged<nint, int, int>)Export(library, "sqlite3_column_type");
        public readonly delegate* unmanaged<nint, int, byte*> ColumnText = (delegate* unmanaged<nint, int, byte*>)Export(library, "sqlite3_column_text");
        public readonly delegate* unmanaged<nint, int, int> ColumnBytes = (delegate* unmanaged<nint, int, int>)Export(library, "sqlite3_column_bytes");
        public readonly delegate* unmanaged<nint, int, long> ColumnInt64 = (delegate* unmanaged<nint, int, long>)Export(library, "sqlite3_column_int64");
        public readonly delegate* unmanaged<nint, byte*> ErrorMessage = (delegate* unmanaged<nint, byte*>)Export(library, "sqlite3_errmsg");

        private static nint Export(nint library, string name) => NativeLibrary.GetExport(library, name);
    }
}
