using Hoist.Packaging.Manifests;

namespace Hoist.Runtime.State;

/// <summary>
/// state.json: what a state archive holds and what is needed to recreate the app from it on another
/// host. The caller fills in everything but <see cref="Layer"/> and <see cref="Root"/>, which
/// <see cref="StateArchiveWriter"/> measures and sets. The SHA-256 of state.json as stored is the
/// archive's identity.
/// </summary>
public sealed record StateMetadata
{
    /// <summary>The format this version of Hoist writes and reads.</summary>
    public const string CurrentFormat = StateArchiveNames.Format;

    private static readonly IReadOnlyDictionary<string, string> NoValues =
        new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Always "hoist-state/1" for this version.</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>The app's name on its source host.</summary>
    public required string App { get; init; }

    /// <summary>The digest of the app's package ("sha256:…"), which the target host needs to have.</summary>
    public required string Package { get; init; }

    public required string PackageName { get; init; }

    public required string PackageVersion { get; init; }

    /// <summary>The app's parameter values (--set key=value), by name.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = NoValues;

    /// <summary>The resources the app was given (memory, cpu, ports, ...), by name, as the runtime writes them.</summary>
    public IReadOnlyDictionary<string, string> Resources { get; init; } = NoValues;

    /// <summary>The host the state was copied from.</summary>
    public required string SourceHost { get; init; }

    /// <summary>The PRETTY_NAME of the source host's OS ("Debian GNU/Linux 12 (bookworm)").</summary>
    public required string SourceOs { get; init; }

    /// <summary>When the copy was made; the writer stores it in UTC.</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>The version of Hoist that wrote the archive.</summary>
    public required string HoistVersion { get; init; }

    /// <summary>How the app was held during the copy.</summary>
    public required StateCaptureMode Mode { get; init; }

    /// <summary>The state layer (state.tar.zst): its digest, size, diffId and counts. Set by the writer.</summary>
    public LayerInfo? Layer { get; init; }

    /// <summary>The owner, mode and xattrs of the upper directory itself. Set by the writer.</summary>
    public StateRoot? Root { get; init; }
}
