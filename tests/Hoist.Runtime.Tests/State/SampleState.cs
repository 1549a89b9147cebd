using Hoist.Linux;
using Hoist.Testing;

namespace Hoist.Runtime.Tests.State;

/// <summary>
/// A real app state: an upper directory written through overlayfs over a lower directory, in a
/// private mount namespace that goes away with the shell that made it. What the app did: changed a
/// lower file (copy-up), deleted a lower file (whiteout), deleted and recreated a lower directory
/// (opaque), chowned a lower file that has a user xattr (copy-up keeps it), and wrote new files
/// with owners, modes, setuid, sticky, xattrs (cp --preserve=xattr), a symlink of its own owner,
/// a hard link, odd and long names, an old mtime and random content.
/// </summary>
internal sealed record SampleState(string Lower, string Upper)
{
    public const string LongName = "a-name-longer-than-the-hundred-bytes-that-a-ustar-header-holds-so-the-layer-needs-a-pax-path-record-for-it";

    private const string Script = """
        mount -t overlay overlay -o "lowerdir=$LOWER,upperdir=$UPPER,workdir=$WORK,redirect_dir=off,index=off,metacopy=off" "$MERGED"
        cd "$MERGED"
        echo changed >> etc/app.conf
        rm etc/gone.conf
        rm -r var/lib/app/old && mkdir var/lib/app/old && echo fresh > var/lib/app/old/new
        chown 1000:1000 data/with-xattr
        mkdir -p var/lib/app/db
        head -c "$RANDOM_BYTES" /dev/urandom > var/lib/app/db/data.bin
        ln var/lib/app/db/data.bin var/lib/app/db/hard
        printf secret > var/lib/app/db/key && chown 1234:5678 var/lib/app/db/key && chmod 0640 var/lib/app/db/key
        cp /bin/true var/lib/app/setuid && chmod 4755 var/lib/app/setuid
        mkdir -m 1777 var/lib/app/sticky
        mkdir var/lib/app/empty
        : > var/lib/app/empty-file
        ln -s ../db/data.bin var/lib/app/old/link && chown -h 42:43 var/lib/app/old/link
        ln -s /etc/app.conf var/lib/app/absolute-link
        cp --preserve=xattr "$XATTR_SOURCE" var/lib/app/with-xattrs
        cp -r --preserve=xattr "$XATTR_DIRECTORY" var/lib/app/xattr-dir
        echo 'odd' > "var/lib/app/with space, ümlaut"
        echo long > "var/lib/app/$LONG_NAME"
        echo old > var/lib/app/old-mtime && touch -d @1000000000 var/lib/app/old-mtime
        """;

    /// <summary>Builds the lower directory and the upper one under <paramref name="temp"/>.</summary>
    public static async Task<SampleState> CreateAsync(TempDirectory temp, int randomBytes = 300_000)
    {
        var lower = temp.Combine("lower");
        Write(lower, "etc/app.conf", "original\n");
        Write(lower, "etc/gone.conf", "to be deleted\n");
        Write(lower, "etc/kept.conf", "untouched\n");
        Write(lower, "var/lib/app/old/a", "old a\n");
        Write(lower, "var/lib/app/old/sub/b", "old b\n");
        Write(lower, "data/with-xattr", "lower file with a user xattr\n");
        LinuxFiles.SetXattr(Path.Combine(lower, "data/with-xattr"), "user.hoist.origin", "lower"u8);

        var source = temp.Combine("xattr-source");
        Write(source, "file", "a new file with xattrs\n");
        LinuxFiles.SetXattr(Path.Combine(source, "file"), "user.hoist.note", [0, 1, 2, 255]);
        LinuxFiles.SetXattr(Path.Combine(source, "file"), "trusted.hoist.mark", "yes"u8);
        Write(source, "dir/inside", "in a directory with an xattr\n");
        LinuxFiles.SetXattr(Path.Combine(source, "dir"), "user.hoist.dir", "d"u8);

        var state = new SampleState(lower, temp.Combine("upper"));
        Directory.CreateDirectory(state.Upper);
        Directory.CreateDirectory(temp.Combine("work"));
        Directory.CreateDirectory(temp.Combine("merged"));
        await Shell.InPrivateMountsAsync(Script, new Dictionary<string, string?>
        {
            ["LOWER"] = lower,
            ["UPPER"] = state.Upper,
            ["WORK"] = temp.Combine("work"),
            ["MERGED"] = temp.Combine("merged"),
            ["XATTR_SOURCE"] = Path.Combine(source, "file"),
            ["XATTR_DIRECTORY"] = Path.Combine(source, "dir"),
            ["LONG_NAME"] = LongName,
            ["RANDOM_BYTES"] = randomBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return state;
    }

    /// <summary>What an app sees when <paramref name="upper"/> is mounted as the upper directory over
    /// this state's lower one: every path with its type, mode, owner, size, mtime and link target,
    /// then the SHA-256 of every file. Mounted in a private namespace, with a fresh work directory.</summary>
    public async Task<string> MergedViewAsync(string upper, string scratch)
    {
        Directory.CreateDirectory(Path.Combine(scratch, "work"));
        Directory.CreateDirectory(Path.Combine(scratch, "merged"));
        return await Shell.InPrivateMountsAsync("""
            mount -t overlay overlay -o "lowerdir=$LOWER,upperdir=$UPPER,workdir=$WORK,redirect_dir=off,index=off,metacopy=off" "$MERGED"
            cd "$MERGED"
            find . -printf '%p|%y|%m|%U:%G|%s|%T@|%l\n' | LC_ALL=C sort
            find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
            """, new Dictionary<string, string?>
        {
            ["LOWER"] = Lower,
            ["UPPER"] = upper,
            ["WORK"] = Path.Combine(scratch, "work"),
            ["MERGED"] = Path.Combine(scratch, "merged"),
        });
    }

    private static void Write(string root, string path, string content)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }
}
