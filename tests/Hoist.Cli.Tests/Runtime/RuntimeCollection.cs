namespace Hoist.Cli.Tests.Runtime;

/// <summary>The runtime test classes share one lab (images, packages), one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RuntimeCollection : ICollectionFixture<RuntimeLab>
{
    public const string Name = "runtime";
}
