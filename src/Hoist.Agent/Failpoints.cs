using System.Globalization;

namespace Hoist.Agent;

/// <summary>
/// Pauses an agent at named points, for tests of what happens when a host dies in the middle of an
/// operation (as failpoints in etcd or TiKV do). The file `failpoints` in the agent's home, when it
/// exists, holds lines "POINT MILLISECONDS"; at a point it names, the agent says so in its log and waits
/// that long. Points: "order:KIND" before an order of that kind is carried out, and "state.final:frozen"
/// once a warm migration's source is frozen. Read at each point: a test writes and removes the file while
/// the agent runs.
/// </summary>
internal static class Failpoints
{
    public static async Task PauseAsync(AgentContext agent, string point, CancellationToken cancellationToken)
    {
        var file = Path.Combine(agent.Options.Home.Root, "failpoints");
        if (!File.Exists(file))
        {
            return;
        }

        foreach (var line in await File.ReadAllLinesAsync(file, cancellationToken).ConfigureAwait(false))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2 && fields[0] == point && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
            {
                agent.Say($"failpoint {point}: pausing {milliseconds} ms");
                await Task.Delay(milliseconds, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
