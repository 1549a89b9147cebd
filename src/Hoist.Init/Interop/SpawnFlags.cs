namespace Hoist.Init.Interop;

/// <summary>The POSIX_SPAWN_* flags of glibc that hoist-init uses.</summary>
[Flags]
internal enum SpawnFlags : short
{
    None = 0,

    /// <summary>POSIX_SPAWN_SETPGROUP: the child joins the process group set by setpgroup (0: its own new group).</summary>
    SetProcessGroup = 0x02,

    /// <summary>POSIX_SPAWN_SETSIGDEF: the signals of the setsigdefault set get their default action.</summary>
    SetSignalDefault = 0x04,

    /// <summary>POSIX_SPAWN_SETSIGMASK: the child's signal mask is the setsigmask set.</summary>
    SetSignalMask = 0x08,
}
