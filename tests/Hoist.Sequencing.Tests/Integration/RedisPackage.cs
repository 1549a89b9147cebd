namespace Hoist.Sequencing.Tests.Integration;

public sealed class RedisPackage() : SequencedPackage("test-redis", "apt-get install -y redis-server");
