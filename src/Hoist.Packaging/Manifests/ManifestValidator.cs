using System.Text.RegularExpressions;

namespace Hoist.Packaging.Manifests;

/// <summary>Checks a manifest's meaning (its YAML already parsed) and lists every problem at once.</summary>
public static partial class ManifestValidator
{
    /// <summary>Returns one line per problem; an empty list means the manifest is valid.
    /// With <paramref name="requireLayer"/> false, a manifest still being built (no layer yet) passes.</summary>
    public static IReadOnlyList<string> Validate(PackageManifest manifest, bool requireLayer = true)
    {
        var errors = new List<string>();
        if (manifest.Format != 1)
        {
            errors.Add($"format: {manifest.Format} is not a format this Hoist reads (1)");
        }

        if (!NamePattern().IsMatch(manifest.Name))
        {
            errors.Add($"name: '{manifest.Name}' must be 1 to 63 lowercase letters, digits, '.', '_', '+' or '-'");
        }

        if (manifest.Version.Length is 0 or > 128 || manifest.Version.Any(char.IsWhiteSpace))
        {
            errors.Add($"version: '{manifest.Version}' must be 1 to 128 characters without spaces");
        }

        var services = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (service, i) in manifest.Services.Select((s, i) => (s, i)))
        {
            var at = $"services[{i}]";
            if (service.Name.Length == 0 || !services.Add(service.Name))
            {
                errors.Add($"{at}.name: '{service.Name}' is empty or used twice");
            }

            if (service.Exec.Count == 0 || !service.Exec[0].StartsWith('/'))
            {
                errors.Add($"{at}.exec: the command must start with an absolute program path");
            }

            foreach (var port in service.Ports.Where(p => p.Port is < 1 or > 65535 || p.Protocol is not ("tcp" or "udp")))
            {
                errors.Add($"{at}.ports: {port.Port}/{port.Protocol} is not a tcp or udp port between 1 and 65535");
            }
        }

        foreach (var (service, i) in manifest.Services.Select((s, i) => (s, i)))
        {
            foreach (var dependency in service.After.Concat(service.Requires).Where(d => !services.Contains(d)))
            {
                errors.Add($"services[{i}].after: '{dependency}' is not a service of this package");
            }
        }

        foreach (var path in manifest.StatePaths.Concat(manifest.ConfigFiles).Where(p => !IsCleanAbsolute(p)))
        {
            errors.Add($"path '{path}' must be absolute, without '..' or '//'");
        }

        var parameters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (parameter, i) in manifest.Parameters.Select((p, i) => (p, i)))
        {
            var at = $"parameters[{i}]";
            if (!ParameterPattern().IsMatch(parameter.Name) || !parameters.Add(parameter.Name))
            {
                errors.Add($"{at}.name: '{parameter.Name}' must be unique, lowercase letters, digits, '_' or '-'");
            }

            if (parameter.Targets.Count == 0)
            {
                errors.Add($"{at}.targets: a parameter must set at least one line");
            }

            if (ResourceLimits.Names.Contains(parameter.Name))
            {
                errors.Add($"{at}.name: '{parameter.Name}' is reserved for a resource limit");
            }

            foreach (var target in parameter.Targets)
            {
                if (target.Content is { } content)
                {
                    if (!IsCleanAbsolute(content) || content == "/" || target.File.Length > 0 || target.Line.Length > 0)
                    {
                        errors.Add($"{at}.targets: content '{content}' must be an absolute path below /, without file or line");
                    }

                    continue;
                }

                if (!IsCleanAbsolute(target.File))
                {
                    errors.Add($"{at}.targets: file '{target.File}' must be an absolute path");
                }

                if (!target.Line.Contains("{value}", StringComparison.Ordinal))
                {
                    errors.Add($"{at}.targets: line '{target.Line}' must contain {{value}}");
                }
            }
        }

        foreach (var user in manifest.Users.Where(u => u.Name.Length == 0 || u.Name.Contains(':')))
        {
            errors.Add($"users: '{user.Name}' is not a valid user name");
        }

        errors.AddRange(ResourceLimits.Problems(manifest.Resources).Select(p => "resources: " + p));
        if (manifest.MaxInstances is < 1)
        {
            errors.Add($"maxInstances: {manifest.MaxInstances} must be 1 or more");
        }

        if (requireLayer && manifest.Layer is null)
        {
            errors.Add("layer: missing (a package must carry its layer's digests)");
        }

        return errors;
    }

    private static bool IsCleanAbsolute(string path) =>
        path.StartsWith('/') && !path.Contains("//", StringComparison.Ordinal) && !path.Split('/').Contains("..");

    [GeneratedRegex("^[a-z0-9][a-z0-9._+-]{0,62}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,62}$")]
    private static partial Regex ParameterPattern();
}
