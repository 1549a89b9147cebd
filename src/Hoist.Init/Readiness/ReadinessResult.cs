namespace Hoist.Init.Readiness;

/// <summary>How waiting for a service to be ready ended.</summary>
internal enum ReadinessResult
{
    Ready,

    /// <summary>The main process ended first.</summary>
    MainEnded,

    TimedOut,
}
