using System.Globalization;
using Hoist.Packaging.Manifests;

namespace Hoist.Sequencing.Analysis;

/// <summary>Proposes the package's parameters: the ports its services listen on and the addresses they
/// bind, wherever its configuration files spell them out.</summary>
public static class ParameterProposer
{
    private static readonly string[] Keywords = ["port", "listen", "bind", "server", "address", "addr"];

    /// <summary>
    /// For each distinct port the services listen on (ascending), a parameter whose targets are the
    /// configuration lines that set it: lines (trimmed; those starting with '#', ';' or '//' skipped) where
    /// the number stands as a whole token, neither touching a digit nor a '.', and where either a word of
    /// the line starts with port, listen, bind, server, address or addr (case-insensitive), or the number
    /// directly follows ':' ("[::]:80"). The first such occurrence in a line becomes "{value}". A port no
    /// line sets gives no parameter. The parameter is named "port" when exactly one port gets one,
    /// "port_NUMBER" otherwise. Then, when some service has ports, a "bind" and a "protected-mode" parameter
    /// from the lines whose first word is that keyword (redis style): its default is the rest of the first
    /// such line, and its targets are the lines with that same rest. Last, with <paramref name="carriesDirectory"/>, a "site"
    /// content parameter (see <see cref="SiteParameter"/>).
    /// </summary>
    public static IReadOnlyList<ParameterSpec> Propose(
        IReadOnlyList<ServiceSpec> services, IReadOnlyList<SourceFile> configFiles, Func<string, bool>? carriesDirectory = null)
    {
        var found = new List<(int Port, List<ParameterTarget> Targets)>();
        foreach (var port in services.SelectMany(s => s.Ports).Select(p => p.Port).Distinct().Order())
        {
            var targets = configFiles
                .SelectMany(file => Lines(file.Text).Select(line => Template(line, port))
                    .OfType<string>()
                    .Select(template => new ParameterTarget { File = file.Path, Line = template }))
                .Distinct()
                .ToList();
            if (targets.Count > 0)
            {
                found.Add((port, targets));
            }
        }

        var parameters = found.Select(f => new ParameterSpec
        {
            Name = found.Count == 1 ? "port" : string.Create(CultureInfo.InvariantCulture, $"port_{f.Port}"),
            Default = f.Port.ToString(CultureInfo.InvariantCulture),
            Description = DescribePort(services, f.Port),
            Targets = f.Targets,
        }).ToList();

        var listeners = string.Join(", ", services.Where(s => s.Ports.Count > 0).Select(s => s.Name));
        if (listeners.Length > 0 && ProposeLine(configFiles, "bind", $"addresses {listeners} listens on") is { } bind)
        {
            parameters.Add(bind);
        }

        // Redis refuses clients of other hosts while it has no password, whatever it binds: a fabric's
        // clients need this switched off (or a password set).
        if (listeners.Length > 0 && ProposeLine(configFiles, "protected-mode", $"yes: {listeners} answers only this host's clients while it has no password; no: every client") is { } protectedMode)
        {
            parameters.Add(protectedMode);
        }

        if (services.Any(s => s.Ports.Count > 0) && carriesDirectory is not null && SiteParameter.Propose(configFiles, carriesDirectory) is { } site)
        {
            parameters.Add(site);
        }

        return parameters;
    }

    /// <summary>The line with the first qualifying occurrence of <paramref name="port"/> replaced by "{value}", or null.</summary>
    private static string? Template(string line, int port)
    {
        var number = port.ToString(CultureInfo.InvariantCulture);
        var keyword = HasKeyword(line);
        for (var at = line.IndexOf(number, StringComparison.Ordinal); at >= 0; at = line.IndexOf(number, at + 1, StringComparison.Ordinal))
        {
            var end = at + number.Length;
            var whole = !IsNumberPart(line, at - 1) && !IsNumberPart(line, end);
            if (whole && (keyword || (at > 0 && line[at - 1] == ':')))
            {
                return string.Concat(line.AsSpan(0, at), "{value}", line.AsSpan(end));
            }
        }

        return null;
    }

    private static bool IsNumberPart(string line, int index) =>
        index >= 0 && index < line.Length && (char.IsAsciiDigit(line[index]) || line[index] == '.');

    /// <summary>True when a keyword starts a word of the line: at its start, or after a character that is
    /// not a letter or digit ("http_port", "listen_addresses" and "ServerPort" qualify; "report" does not).</summary>
    private static bool HasKeyword(string line)
    {
        foreach (var keyword in Keywords)
        {
            for (var at = line.IndexOf(keyword, StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = line.IndexOf(keyword, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                if (at == 0 || !char.IsAsciiLetterOrDigit(line[at - 1]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // A parameter named after a keyword from the lines whose first word it is (redis style: "bind 127.0.0.1
    // -::1"): its default is the rest of the first such line, its targets the lines with that same rest.
    private static ParameterSpec? ProposeLine(IReadOnlyList<SourceFile> configFiles, string keyword, string description)
    {
        string? value = null;
        var targets = new List<ParameterTarget>();
        foreach (var file in configFiles)
        {
            foreach (var line in Lines(file.Text))
            {
                var rest = line.Length > keyword.Length && line.StartsWith(keyword, StringComparison.Ordinal) && char.IsWhiteSpace(line[keyword.Length])
                    ? line[keyword.Length..].TrimStart()
                    : string.Empty;
                value ??= rest.Length > 0 ? rest : null;
                if (rest.Length > 0 && rest == value)
                {
                    var template = line[..^rest.Length] + "{value}";
                    targets.Add(new ParameterTarget { File = file.Path, Line = template });
                }
            }
        }

        return value is null ? null : new ParameterSpec
        {
            Name = keyword,
            Default = value,
            Description = description,
            Targets = [.. targets.Distinct()],
        };
    }

    private static string DescribePort(IReadOnlyList<ServiceSpec> services, int port)
    {
        var listeners = services.Where(s => s.Ports.Any(p => p.Port == port)).ToList();
        var protocols = listeners.SelectMany(s => s.Ports.Where(p => p.Port == port).Select(p => p.Protocol.ToUpperInvariant()))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return $"{string.Join(" and ", protocols)} port {string.Join(", ", listeners.Select(s => s.Name))} listens on";
    }

    /// <summary>The file's lines, trimmed, without blank lines and comment lines.</summary>
    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith(';') && !line.StartsWith("//", StringComparison.Ordinal));
}
