using Hoist.Init.Processes;
using Hoist.Init.Restarts;

namespace Hoist.Init.Tests.Restarts;

public sealed class RestartRulesTests
{
    public static TheoryData<string, string, bool> Table => new()
    {
        { "no", "code 1", false },
        { "no", "signal 9", false },
        { "always", "code 0", true },
        { "always", "timeout", true },
        { "on-failure", "code 0", false },
        { "on-failure", "code 1", true },
        { "on-failure", "signal 15", true },
        { "on-failure", "timeout", true },
        { "on-failure", "start failed", true },
        { "on-success", "code 0", true },
        { "on-success", "signal 15", true },
        { "on-success", "code 1", false },
        { "on-success", "signal 9", false },
        { "on-abnormal", "code 1", false },
        { "on-abnormal", "signal 9", true },
        { "on-abnormal", "signal 15", false },
        { "on-abnormal", "timeout", true },
        { "on-abort", "signal 6", true },
        { "on-abort", "timeout", false },
        { "on-abort", "code 1", false },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void ShouldRestart_SystemdTable_Matches(string restart, string outcome, bool expected)
    {
        Assert.Equal(expected, RestartRules.ShouldRestart(restart, Outcome(outcome)));
    }

    private static RunOutcome Outcome(string text) => text.Split(' ') switch
    {
        ["code", var code] => RunOutcome.Ended(ExitStatus.Exited(int.Parse(code, System.Globalization.CultureInfo.InvariantCulture))),
        ["signal", var signal] => RunOutcome.Ended(ExitStatus.Killed(int.Parse(signal, System.Globalization.CultureInfo.InvariantCulture))),
        ["timeout"] => RunOutcome.Timeout("not ready"),
        _ => RunOutcome.StartFailed("ExecStartPre failed"),
    };
}
