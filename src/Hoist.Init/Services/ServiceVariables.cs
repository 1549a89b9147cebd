using Hoist.Supervision;

namespace Hoist.Init.Services;

/// <summary>The environment of one start of a service, and the exec requests of its commands.</summary>
internal static class ServiceVariables
{
    /// <summary>
    /// The service's Environment, overridden by each EnvironmentFile in order (read now, so that an edit
    /// counts at the next start; a missing file fails the start unless its name starts with '-'), then
    /// NOTIFY_SOCKET for a notify service. Throws <see cref="StartFailure"/>.
    /// </summary>
    public static Dictionary<string, string> Build(ServicePlan plan, string notifySocket)
    {
        var variables = new Dictionary<string, string>(plan.Environment, StringComparer.Ordinal);
        foreach (var entry in plan.EnvironmentFiles)
        {
            var optional = entry.StartsWith('-');
            var path = optional ? entry[1..] : entry;
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (optional && e is FileNotFoundException or DirectoryNotFoundException)
                {
                    continue;
                }

                throw StartFailure.Because($"cannot read environment file {path}: {e.Message}");
            }

            foreach (var (name, value) in EnvironmentFile.Parse(text))
            {
                variables[name] = value;
            }
        }

        if (plan.Type == "notify")
        {
            variables["NOTIFY_SOCKET"] = notifySocket;
        }

        return variables;
    }

    /// <summary>The request that runs <paramref name="argv"/> (expanded in <paramref name="variables"/>)
    /// with the service's identity, limits and capabilities. Throws <see cref="StartFailure"/> when the
    /// command expands to nothing.</summary>
    public static ExecRequest Request(ServicePlan plan, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> variables)
    {
        var expanded = EnvironmentExpander.Expand(argv, variables);
        if (expanded.Count == 0)
        {
            throw StartFailure.Because($"the command '{string.Join(' ', argv)}' expands to nothing");
        }

        return new ExecRequest
        {
            Argv = expanded,
            Environment = [.. variables.Select(v => $"{v.Key}={v.Value}")],
            Uid = plan.Uid,
            Gid = plan.Gid,
            Groups = plan.Groups,
            UMask = plan.UMask,
            WorkingDirectory = plan.WorkingDirectory,
            Capabilities = plan.Capabilities,
            LimitNoFile = plan.LimitNoFile,
        };
    }
}
