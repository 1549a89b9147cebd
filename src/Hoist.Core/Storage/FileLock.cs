namespace Hoist.Core.Storage;

/// <summary>
/// An exclusive advisory lock on a file (flock, through FileShare.None), held until disposed.
/// Serializes operations on one named thing across processes: two builds of one image, say.
/// The kernel drops the lock when its process dies, so a killed holder never blocks others.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    /// <summary>Waits until the lock is free, then takes it. <paramref name="onWait"/> is called once
    /// if the lock is held by someone else, so that the caller can say what it is waiting for.</summary>
    public static Task<FileLock> AcquireAsync(string path, Action? onWait, CancellationToken cancellationToken) =>
        AcquireAsync(path, shared: false, onWait, cancellationToken);

    /// <summary>Like <see cref="AcquireAsync(string, Action?, CancellationToken)"/>; with <paramref name="shared"/>
    /// several holders may share the lock (flock LOCK_SH), and only an exclusive holder excludes them.</summary>
    public static async Task<FileLock> AcquireAsync(string path, bool shared, Action? onWait, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var told = false;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, shared ? FileShare.ReadWrite : FileShare.None));
            }
            catch (IOException)
            {
                if (!told)
                {
                    onWait?.Invoke();
                    told = true;
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
