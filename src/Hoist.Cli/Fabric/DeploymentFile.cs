using System.Globalization;
using Hoist.Core.Errors;
using Hoist.Fabric.Api;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hoist.Cli.Fabric;

/// <summary>
/// The file of `hoist deploy --file`: a YAML (or JSON) list of apps, each a mapping with `package` (as
/// PACKAGE of `hoist deploy`), and optionally `name`, `host`, `set` (a mapping of parameters and limits, as
/// --set) and `start` (true or false). Read node by node, so that every error names its line.
/// </summary>
internal static class DeploymentFile
{
    private static readonly string[] Keys = ["package", "name", "host", "set", "start"];

    /// <summary>The deployments of <paramref name="text"/>, in order; <paramref name="start"/> is the default of
    /// `start`. Throws <see cref="ErrorKind.InvalidArgument"/>, naming <paramref name="source"/> and the line, for
    /// a file that is not such a list.</summary>
    public static IReadOnlyList<DeployRequest> Parse(string text, string source, bool start)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw Error(source, e.Start, $"not YAML: {e.InnerException?.Message ?? e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlSequenceNode list || list.Children.Count == 0)
        {
            throw HoistException.InvalidArgument($"{source}: no apps: the file must be a list of apps, each with 'package:'", "see 'hoist deploy --help'");
        }

        return [.. list.Children.Select(node => Entry(node, source, start))];
    }

    private static DeployRequest Entry(YamlNode node, string source, bool start)
    {
        if (node is not YamlMappingNode entry)
        {
            throw Error(source, node.Start, "an app must be a mapping with 'package:' (and 'name:', 'host:', 'set:', 'start:')");
        }

        string? package = null, name = null, host = null;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in entry.Children)
        {
            var key = Scalar(keyNode, source);
            switch (key)
            {
                case "package":
                    package = Scalar(value, source);
                    break;
                case "name":
                    name = Scalar(value, source);
                    break;
                case "host":
                    host = Scalar(value, source);
                    break;
                case "start":
                    start = Scalar(value, source) switch
                    {
                        "true" or "yes" => true,
                        "false" or "no" => false,
                        var other => throw Error(source, value.Start, $"start: '{other}' is not true or false"),
                    };
                    break;
                case "set" when value is YamlMappingNode pairs:
                    foreach (var (k, v) in pairs.Children)
                    {
                        settings[Scalar(k, source)] = Scalar(v, source);
                    }

                    break;
                case "set":
                    throw Error(source, value.Start, "set: must be a mapping of KEY: VALUE");
                default:
                    throw Error(source, keyNode.Start, $"unknown key '{key}' (an app has {string.Join(", ", Keys)})");
            }
        }

        return new DeployRequest
        {
            Package = package ?? throw Error(source, entry.Start, "an app without 'package:'"),
            Name = name,
            Host = host,
            Settings = settings,
            Start = start,
        };
    }

    private static string Scalar(YamlNode node, string source) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(source, node.Start, "a single value was expected here");

    private static HoistException Error(string source, Mark at, string what) =>
        HoistException.InvalidArgument(string.Create(CultureInfo.InvariantCulture, $"{source}: line {at.Line}: {what}"));
}
