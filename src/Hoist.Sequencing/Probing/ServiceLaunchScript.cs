using System.Globalization;
using System.Text;
using Hoist.Core.Text;
using Hoist.Packaging.Manifests;
using Hoist.Sequencing.Analysis;
using Hoist.Supervision;

namespace Hoist.Sequencing.Probing;

/// <summary>
/// Writes the sh script that starts one service inside the probe's root, the way systemd would
/// start it: runtime directories created and owned, ExecStartPre= commands first, then the main
/// command, each under chroot(8) as the service's user and groups, with a clean environment.
/// </summary>
internal static class ServiceLaunchScript
{
    public static string Build(string root, ServiceSpec service, ServiceIdentity identity, IReadOnlyDictionary<string, string> environment)
    {
        var script = new StringBuilder();
        script.Append("set -e\n");
        script.Append(CultureInfo.InvariantCulture, $"umask {service.UMask ?? "022"}\n");
        foreach (var directory in service.RuntimeDirectories)
        {
            var target = ShellQuote.Quote(root + directory);
            script.Append(CultureInfo.InvariantCulture, $"mkdir -p {target}\nchown {identity.Uid}:{identity.Gid} {target}\nchmod {service.RuntimeDirectoryMode ?? "0755"} {target}\n");
        }

        foreach (var command in service.ExecStartPre)
        {
            script.Append(Command(root, command.Exec, identity, environment, service.WorkingDirectory))
                .Append(command.IgnoreFailure ? " || true\n" : "\n");
        }

        script.Append("exec ").Append(Command(root, service.Exec, identity, environment, service.WorkingDirectory)).Append('\n');
        return script.ToString();
    }

    /// <summary>The variables a service starts with: systemd's defaults, then Environment=.</summary>
    public static Dictionary<string, string> BaseEnvironment(ServiceSpec service, string? home) =>
        ServiceEnvironment.Base(service.User, home, service.Environment);

    private static string Command(string root, IReadOnlyList<string> exec, ServiceIdentity identity, IReadOnlyDictionary<string, string> environment, string? workingDirectory)
    {
        var words = new List<string> { "chroot" };
        if (identity != ServiceIdentity.Root)
        {
            words.Add($"--userspec={identity.Uid}:{identity.Gid}");
            words.Add("--groups=" + string.Join(',', identity.Groups));
        }

        // "--" ends env's options before the variables: after them, the next word is the command,
        // and the command's own options (nginx -g ...) must not be read as env's.
        words.AddRange([root, "/usr/bin/env", "-i", "--chdir=" + (workingDirectory ?? "/"), "--"]);
        words.AddRange(environment.Select(e => $"{e.Key}={e.Value}"));
        words.AddRange(ExecLine.Expand(exec, environment));
        return ShellQuote.Join(words);
    }
}
