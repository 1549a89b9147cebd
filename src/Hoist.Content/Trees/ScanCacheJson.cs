namespace Hoist.Content.Trees;

/// <summary>A <see cref="TreeScanCache"/> as saved: the chunker it is valid for, and its files by path.</summary>
internal sealed class ScanCacheJson
{
    public const string FormatName = "hoist-scan-cache/1";

    public string? Format { get; set; }

    public int MinSize { get; set; }

    public int AverageSize { get; set; }

    public int MaxSize { get; set; }

    public Dictionary<string, ScanCacheFileJson>? Files { get; set; }
}
