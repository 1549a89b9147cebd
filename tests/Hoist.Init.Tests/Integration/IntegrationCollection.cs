namespace Hoist.Init.Tests.Integration;

/// <summary>The integration tests, one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class IntegrationCollection
{
    public const string Name = "hoist-init";
}
