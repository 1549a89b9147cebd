namespace Hoist.Sequencing.Tests.Integration;

public sealed class NginxPackage() : SequencedPackage("test-nginx", "apt-get install -y nginx");
