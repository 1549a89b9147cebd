namespace Hoist.Controller.Http;

/// <summary>The bearer token every /v1 route needs.</summary>
internal sealed record ControllerToken(string Value);
