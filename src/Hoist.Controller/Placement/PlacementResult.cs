using Hoist.Core.Errors;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Placement;

/// <summary>The outcome of <see cref="Placer.Place(PlacementIndex, AppDemand, bool, string?)"/>: the host chosen (null when none passes) and the
/// verdicts, best first.</summary>
internal sealed record PlacementResult(PlacementHost? Chosen, IReadOnlyList<HostVerdict> Verdicts)
{
    private const int ReasonsInMessage = 10;

    /// <summary>The refusal when no host passes: FailedPrecondition "no host can run APP: h1: reason;
    /// h2: reason" (the first hosts; the problem's detail lists every one).</summary>
    public HoistException Refusal(string app)
    {
        if (Verdicts.Count == 0)
        {
            return HoistException.FailedPrecondition($"no host can run {app}: the fabric has no host", "start an agent ('hoist agent serve'), or 'hoist lab up'");
        }

        var lines = Verdicts.Select(v => $"{v.Host}: {string.Join(", ", v.Reasons)}").ToList();
        var message = string.Join("; ", lines.Take(ReasonsInMessage));
        if (lines.Count > ReasonsInMessage)
        {
            message += $"; and {lines.Count - ReasonsInMessage} more hosts";
        }

        return new HoistException(ErrorKind.FailedPrecondition, $"no host can run {app}: {message}", "free a host, add one, or deploy with --explain to see every host's verdict")
        {
            Details = lines,
        };
    }
}
