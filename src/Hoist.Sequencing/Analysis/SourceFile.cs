namespace Hoist.Sequencing.Analysis;

/// <summary>A text file of the installed system, handed to an analyser so that the analyser never
/// touches the file system itself.</summary>
/// <param name="Path">The file's absolute path as it is in the package (/usr/lib/systemd/system/redis-server.service).</param>
/// <param name="Text">The file's content.</param>
public sealed record SourceFile(string Path, string Text);
