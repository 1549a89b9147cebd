using Hoist.Core.Processes;

namespace Hoist.Testing;

/// <summary>Checks that a test's real components are present; a test never skips for want of one,
/// it fails and says how to install it.</summary>
public static class Prerequisites
{
    public static void RequireRoot()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Fail("this test needs root (it mounts overlayfs and creates namespaces): run the tests as root");
        }
    }

    public static string RequireTool(string name, string debianPackage)
    {
        var path = Tools.Find(name);
        if (path is null)
        {
            Assert.Fail($"'{name}' is not installed: run ./install.sh, or apt-get install -y {debianPackage}");
        }

        return path!;
    }
}
