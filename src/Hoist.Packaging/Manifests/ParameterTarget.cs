namespace Hoist.Packaging.Manifests;

/// <summary>
/// What a parameter sets in the app. Either a line: <see cref="Line"/> is the line's text (without
/// leading or trailing blanks) with "{value}" where the value goes, and every line of
/// <see cref="File"/> that reads as the template filled with the default is rewritten with the new
/// value, keeping its indentation. Or content: the value is a file or directory on the machine where
/// the app is added, and it is copied to <see cref="Content"/> in the app's state, replacing what the
/// package has there.
/// </summary>
public sealed record ParameterTarget
{
    /// <summary>An absolute path in the package (/etc/redis/redis.conf), for a line target.</summary>
    public string File { get; init; } = string.Empty;

    /// <summary>The template, for example "port {value}", for a line target.</summary>
    public string Line { get; init; } = string.Empty;

    /// <summary>An absolute path in the app (/var/www/html), for a content target.</summary>
    public string? Content { get; init; }

    /// <summary>True for a content target.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsContent => Content is not null;
}
