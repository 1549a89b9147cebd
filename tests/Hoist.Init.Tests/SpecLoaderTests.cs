using Hoist.Supervision;
using Hoist.Testing;

namespace Hoist.Init.Tests;

public sealed class SpecLoaderTests : IDisposable
{
    private readonly TempDirectory _directory = new("init-spec");

    private InitSpec Load(string json)
    {
        var path = _directory.Combine("app.json");
        File.WriteAllText(path, json);
        return SpecLoader.Load(path);
    }

    [Fact]
    public void Load_PropertiesLeftOut_KeepTheirDefaults()
    {
        var spec = Load("""{ "app": "a", "services": [ { "name": "s", "exec": ["x"], "readiness": { "port": 80 } } ], "restart": { "crashLoopFailures": 3 } }""");

        var service = spec.Services[0];
        Assert.Equal(("simple", "on-failure", 15, 10.0, "/"), (service.Type, service.Restart, service.StopSignal, service.StopTimeoutSeconds, service.WorkingDirectory));
        Assert.Equal((60.0, (string?)null), (service.Readiness!.TimeoutSeconds, service.Readiness.Address));
        Assert.Equal(("/.hoist/logs", 10_000_000L, 3), (spec.LogDirectory, spec.LogMaxBytes, spec.LogKeep));
        Assert.Equal(new RestartPolicy { CrashLoopFailures = 3 }, spec.Restart);
        Assert.Empty(service.Pre);
    }

    [Fact]
    public void Load_NullWhereTheContractHasNone_Refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => Load("""{ "services": [ { "name": "s", "exec": null } ] }"""));

        Assert.Contains("cannot read the spec", error.Message);
    }

    [Fact]
    public void Load_NotJson_Refused()
    {
        Assert.Throws<InvalidDataException>(() => Load("services: []"));
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEach()
    {
        var spec = new InitSpec
        {
            Services =
            [
                new ServicePlan { Name = "a", Exec = ["x"], Type = "daemon" },
                new ServicePlan { Name = "a", Exec = [] },
                new ServicePlan { Name = "f/g", Exec = ["x"], Type = "forking", Restart = "sometimes" },
                new ServicePlan { Name = "r", Exec = ["x"], Readiness = new ReadinessPlan { Port = 1, Http = "https://x/" } },
            ],
        };

        var problems = SpecLoader.Validate(spec);

        Assert.Equal(
        [
            "a: Type 'daemon' is not one of simple, exec, forking, notify, oneshot",
            "service name 'a' is used twice",
            "a: Exec is empty",
            "service name 'f/g' cannot name a log file",
            "f/g: Restart 'sometimes' is not one of no, always, on-success, on-failure, on-abnormal, on-abort",
            "f/g: Type forking needs a PidFile (hoist-init does not guess the daemon)",
            "r: Readiness must set exactly one of Port, Exec and Http (it sets 2)",
            "r: Readiness Http 'https://x/' is not an http:// URL (https is not supported: use Port)",
        ], problems);
    }

    [Fact]
    public void Validate_ValuesOutOfRange_ReportsEach()
    {
        var spec = new InitSpec
        {
            LogKeep = -1,
            NotifySocket = "",
            Restart = new RestartPolicy { CrashLoopFailures = 0 },
            Services =
            [
                new ServicePlan
                {
                    Name = "s", Exec = ["x"], Type = "notify", StopSignal = 0, UMask = "0999",
                    RuntimeDirectories = [new RuntimeDirectoryPlan { Path = "run/s", Mode = "0755" }],
                    Readiness = new ReadinessPlan { Port = 70000 },
                },
            ],
        };

        var problems = SpecLoader.Validate(spec);

        Assert.Equal(
        [
            "LogMaxBytes must be positive and LogKeep not negative (they are 10000000 and -1)",
            "Restart needs 0 <= InitialDelayMilliseconds <= MaxDelayMilliseconds, CrashLoopFailures >= 1 and CrashLoopWindowSeconds >= 1",
            "NotifySocket is empty, but a service has Type notify",
            "s: StopSignal must be 1 to 64 and StopTimeoutSeconds not negative (they are 0 and 10)",
            "s: UMask '0999' is not an octal mask",
            "s: runtime directory 'run/s' needs an absolute path and an octal mode (it has '0755')",
            "s: Readiness needs a positive TimeoutSeconds and a Port of 1 to 65535",
        ], problems);
    }

    [Fact]
    public void Validate_DefaultsOfAService_Valid()
    {
        Assert.Empty(SpecLoader.Validate(new InitSpec { Services = [new ServicePlan { Name = "s", Exec = ["x"] }] }));
    }

    public void Dispose() => _directory.Dispose();
}
