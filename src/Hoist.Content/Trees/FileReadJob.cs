using Microsoft.Win32.SafeHandles;

namespace Hoist.Content.Trees;

/// <summary>A file the walk opened for the readers: its node and its open descriptor, which the reader owns.</summary>
internal sealed record FileReadJob(ScanNode Node, SafeFileHandle Handle, string DiskPath);
