using Hoist.Init.Processes;

namespace Hoist.Init.Tests.Processes;

public sealed class ExitStatusTests
{
    [Theory]
    [InlineData(0x0000, 0, null, "exited with code 0")]
    [InlineData(0x0300, 3, null, "exited with code 3")]
    [InlineData(0x7f00, 127, null, "exited with code 127 (command not found)")]
    [InlineData(0x7e00, 126, null, "exited with code 126 (command not executable)")]
    [InlineData(0x0009, null, 9, "killed by SIGKILL")]
    [InlineData(0x008f, null, 15, "killed by SIGTERM")]
    [InlineData(0x0022, null, 34, "killed by signal 34")]
    public void FromWaitStatus_RawStatus_Decoded(int raw, int? code, int? signal, string text)
    {
        var status = ExitStatus.FromWaitStatus(raw);

        Assert.Equal((code, signal, text), (status.Code, status.Signal, status.ToString()));
        Assert.Equal(code == 0, status.Success);
    }
}
