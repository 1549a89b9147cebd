namespace Hoist.Packaging.Manifests;

/// <summary>
/// A line in a file of the package that a parameter sets. <see cref="Line"/> is the line's text
/// (without leading or trailing blanks) with "{value}" where the value goes: every line of
/// <see cref="File"/> that reads as the template filled with the default is rewritten with the
/// new value, keeping its indentation.
/// </summary>
public sealed record ParameterTarget
{
    /// <summary>An absolute path in the package (/etc/redis/redis.conf).</summary>
    public string File { get; init; } = string.Empty;

    /// <summary>The template, for example "port {value}".</summary>
    public string Line { get; init; } = string.Empty;
}
