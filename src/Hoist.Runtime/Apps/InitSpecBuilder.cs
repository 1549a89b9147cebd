using Hoist.Core.Errors;
using Hoist.Packaging.Manifests;
using Hoist.Supervision;

namespace Hoist.Runtime.Apps;

/// <summary>Turns a package's services into the plan hoist-init runs: names resolved to numbers with the
/// app's own accounts, readiness from the manifest or the service's first port, limits made to fit this machine.</summary>
public static class InitSpecBuilder
{
    /// <param name="passwd">The app's /etc/passwd (see <see cref="AppAccounts"/>).</param>
    /// <param name="group">The app's /etc/group.</param>
    /// <param name="noFileHardLimit">The highest RLIMIT_NOFILE the container can have.</param>
    /// <exception cref="HoistException">A service's user or group exists neither in the package nor on the host OS.</exception>
    public static InitSpec Build(string app, PackageManifest manifest, ParameterValues values, string passwd, string group, long noFileHardLimit)
    {
        var services = new List<ServicePlan>();
        foreach (var service in manifest.Services)
        {
            var (identity, problem) = ServiceIdentity.Resolve(service.User, service.Group, service.SupplementaryGroups, passwd, group);
            if (identity is null)
            {
                throw HoistException.FailedPrecondition($"service {service.Name} of app {app} cannot run here: {problem}");
            }

            var home = passwd.Split('\n').Select(l => l.Split(':')).FirstOrDefault(f => f.Length >= 7 && f[0] == service.User)?[5];
            services.Add(new ServicePlan
            {
                Name = service.Name,
                Type = service.Type,
                Exec = service.Exec,
                Pre = [.. service.ExecStartPre.Select(Command)],
                Post = [.. service.ExecStartPost.Select(Command)],
                Stop = [.. service.ExecStop.Select(Command)],
                Uid = identity.Uid,
                Gid = identity.Gid,
                Groups = identity.Groups,
                UMask = service.UMask,
                WorkingDirectory = service.WorkingDirectory ?? "/",
                Environment = ServiceEnvironment.Base(service.User, home, service.Environment),
                EnvironmentFiles = service.EnvironmentFiles,
                RuntimeDirectories = [.. service.RuntimeDirectories.Select(d => new RuntimeDirectoryPlan { Path = d, Mode = service.RuntimeDirectoryMode ?? "0755", Uid = identity.Uid, Gid = identity.Gid })],
                PidFile = service.PidFile,
                Capabilities = service.Capabilities,
                LimitNoFile = service.LimitNoFile is { } limit ? Math.Min(limit, noFileHardLimit) : null,
                Readiness = Readiness(service, values),
                Restart = service.Restart ?? "on-failure",
                StopTimeoutSeconds = service.StopTimeoutSeconds ?? 30,
                StopSignal = Signals.Parse(service.StopSignal),
            });
        }

        return new InitSpec { App = app, Services = services };
    }

    private static CommandPlan Command(CommandSpec command) => new() { Exec = command.Exec, IgnoreFailure = command.IgnoreFailure };

    // The manifest's probe; else READY=1 for notify services; else the first TCP port, as set now.
    private static ReadinessPlan? Readiness(ServiceSpec service, ParameterValues values)
    {
        if (service.Readiness is { } declared)
        {
            return new ReadinessPlan { Port = declared.Port, Exec = declared.Exec, Http = declared.Http };
        }

        if (service.Type == "notify" || service.Ports.FirstOrDefault(p => p.Protocol == "tcp") is not { } port)
        {
            return null;
        }

        var ipv6Only = port.Addresses.Count > 0 && port.Addresses.All(a => a.Contains(':'));
        return new ReadinessPlan { Port = values.EffectivePort(port.Port), Address = ipv6Only ? "::1" : null };
    }
}
