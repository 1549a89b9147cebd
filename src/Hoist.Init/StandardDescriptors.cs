using Hoist.Init.Interop;

namespace Hoist.Init;

/// <summary>Makes sure descriptors 0, 1 and 2 are open. Started with one of them closed, hoist-init could
/// get a pipe or socket at that number, and a child would find it as its stdin or stdout.</summary>
internal static class StandardDescriptors
{
    /// <summary>Opens /dev/null on each of 0, 1 and 2 that is closed.</summary>
    public static void Ensure()
    {
        while (LibC.Open("/dev/null", LibC.ORdWr) is var fd and >= 0)
        {
            if (fd > 2)
            {
                LibC.Close(fd);
                return;
            }
        }
    }
}
