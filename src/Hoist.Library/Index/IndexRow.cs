using System.Globalization;

namespace Hoist.Library.Index;

/// <summary>The current row of a read of the index (see <see cref="LibraryIndex.Read{T}"/>), its columns
/// by name. Valid only during the call it is passed to.</summary>
public sealed class IndexRow
{
    private readonly nint _statement;
    private readonly Dictionary<string, int> _columns;

    internal IndexRow(nint statement)
    {
        _statement = statement;
        var count = SqliteNative.ColumnCount(statement);
        _columns = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            _columns[SqliteNative.ColumnName(statement, i)] = i;
        }
    }

    /// <summary>The column's text; throws <see cref="InvalidOperationException"/> for a NULL, and
    /// <see cref="KeyNotFoundException"/> for a column the query does not return.</summary>
    public string GetString(string column) =>
        GetNullableString(column) ?? throw new InvalidOperationException($"column {column} of the library index is NULL");

    /// <summary>The column's text, or null for a NULL.</summary>
    public string? GetNullableString(string column)
    {
        var ordinal = _columns[column];
        return SqliteNative.ColumnType(_statement, ordinal) == SqliteNative.Null ? null : SqliteNative.ColumnText(_statement, ordinal);
    }

    /// <summary>The column's time, written in the round-trip format ("O") as every row of the index is;
    /// parsed by that format's own quick path: the general parser's first use cost 1.1 ms of a start (it
    /// sets up the culture's date format data first; perf, 25 starts). Throws <see cref="FormatException"/>
    /// for text that is no time.</summary>
    public DateTimeOffset GetTime(string column)
    {
        var text = GetString(column);
        return DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>The column as an integer (SQLite's conversion of what it holds).</summary>
    public long GetInt64(string column) => SqliteNative.ColumnInt64(_statement, _columns[column]);
}
