using Hoist.Controller.Placement;
using Hoist.Core.Errors;
using Hoist.Packaging.Manifests;
using Hoist.Runtime.Apps;

namespace Hoist.Controller.Apps;

/// <summary>An app's settings (as `hoist add --set`): parameter values and limits, checked against its
/// package's manifest, and what they make it ask of a host.</summary>
internal sealed record AppSettings(IReadOnlyDictionary<string, string> Parameters, IReadOnlyDictionary<string, string> Resources)
{
    /// <summary>Splits settings into limits (memory, cpus, pids) and parameters and checks them. Throws
    /// <see cref="ErrorKind.InvalidArgument"/> for a parameter the package lacks (listing those it has) or a
    /// limit that does not parse.</summary>
    public static AppSettings Parse(PackageManifest manifest, IReadOnlyDictionary<string, string> settings)
    {
        var resources = settings.Where(s => ResourceLimits.Names.Contains(s.Key)).ToDictionary(StringComparer.Ordinal);
        var parameters = settings.Where(s => !ResourceLimits.Names.Contains(s.Key)).ToDictionary(StringComparer.Ordinal);
        var result = new AppSettings(parameters, resources);
        result.Demand("check", "check", "check", manifest);
        return result;
    }

    /// <summary>What an app of <paramref name="manifest"/> with these settings asks of its host: its memory
    /// limit (or 64 MiB), its CPUs (or 0.1), and the ports its services listen on given the parameters.</summary>
    public AppDemand Demand(string app, string group, string package, PackageManifest manifest)
    {
        var values = ParameterValues.Resolve(manifest, Parameters);
        ResourceLimits limits;
        try
        {
            limits = (manifest.Resources ?? new ResourceLimits()).With(Resources);
        }
        catch (FormatException e)
        {
            throw HoistException.InvalidArgument(e.Message);
        }

        return new AppDemand
        {
            App = app,
            Group = group,
            Package = package,
            Requires = manifest.Requires,
            MemoryBytes = limits.MemoryBytes ?? AppDemand.DefaultMemoryBytes,
            Cpus = limits.Cpus ?? AppDemand.DefaultCpus,
            Ports = manifest.Services.SelectMany(s => s.Ports).Select(p => $"{values.EffectivePort(p.Port)}/{p.Protocol}").Distinct(StringComparer.Ordinal).ToList(),
        };
    }
}
