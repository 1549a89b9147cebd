using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Hoist.Controller.Store;

/// <summary>The writer's prepared statements: one command per SQL text, made once and run again with new
/// values (parameters $1, $2, ... in order). Used only by <see cref="StoreWriter"/>'s loop.</summary>
internal sealed class Statements : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public Statements(SqliteConnection connection) => _connection = connection;

    /// <summary>The transaction of the batch being written.</summary>
    public SqliteTransaction? Transaction { get; set; }

    public void Execute(string sql, params object?[] values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$" + (i + 1).ToString(CultureInfo.InvariantCulture), null));
            }

            _commands.Add(sql, command);
        }

        command.Transaction = Transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] switch
            {
                null => DBNull.Value,
                DateTimeOffset time => Times.Write(time),
                bool flag => flag ? 1 : 0,
                var value => value,
            };
        }

        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
