using Hoist.Init.Services;
using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests.Services;

public sealed class ServiceVariablesTests : IDisposable
{
    private readonly TempDirectory _directory = new("init-env");

    [Fact]
    public void Build_EnvironmentFiles_OverrideTheEnvironmentInOrder()
    {
        File.WriteAllText(_directory.Combine("one"), "A=from one\nB=from one\n");
        File.WriteAllText(_directory.Combine("two"), "B='from two'\n");
        var plan = new ServicePlan
        {
            Environment = new Dictionary<string, string> { ["A"] = "plain", ["C"] = "plain" },
            EnvironmentFiles = [_directory.Combine("one"), "-" + _directory.Combine("absent"), _directory.Combine("two")],
        };

        var variables = ServiceVariables.Build(plan, "/run/n.sock");

        Assert.Equal(new Dictionary<string, string> { ["A"] = "from one", ["B"] = "from two", ["C"] = "plain" }, variables);
    }

    [Fact]
    public void Build_RequiredFileMissing_StartFailure()
    {
        var plan = new ServicePlan { EnvironmentFiles = [_directory.Combine("absent")] };

        var failure = Assert.Throws<StartFailure>(() => ServiceVariables.Build(plan, "/run/n.sock"));

        Assert.StartsWith($"cannot read environment file {_directory.Combine("absent")}: ", failure.Message);
    }

    [Fact]
    public void Build_Notify_SetsNotifySocket()
    {
        var variables = ServiceVariables.Build(new ServicePlan { Type = "notify" }, "/run/n.sock");

        Assert.Equal("/run/n.sock", variables["NOTIFY_SOCKET"]);
    }

    [Fact]
    public void Request_Command_ExpandedWithTheServiceIdentity()
    {
        var plan = new ServicePlan { Uid = 101, Gid = 102, Groups = [102, 4], UMask = "0077", WorkingDirectory = "/srv", Capabilities = ["CAP_KILL"], LimitNoFile = 512 };

        var request = ServiceVariables.Request(plan, ["server", "$ARGS", "--name=${NAME}"], new Dictionary<string, string> { ["ARGS"] = "-a  -b", ["NAME"] = "x y" });

        Assert.Equal(["server", "-a", "-b", "--name=x y"], request.Argv);
        Assert.Equal(["ARGS=-a  -b", "NAME=x y"], request.Environment);
        Assert.Equal((101u, 102u, "0077", "/srv", 512L), (request.Uid, request.Gid, request.UMask, request.WorkingDirectory, request.LimitNoFile!.Value));
        Assert.Equal([102u, 4u], request.Groups);
        Assert.Equal(["CAP_KILL"], request.Capabilities!);
    }

    [Fact]
    public void Request_ExpandsToNothing_StartFailure()
    {
        Assert.Throws<StartFailure>(() => ServiceVariables.Request(new ServicePlan(), ["$EMPTY"], new Dictionary<string, string>()));
    }

    public void Dispose() => _directory.Dispose();
}
