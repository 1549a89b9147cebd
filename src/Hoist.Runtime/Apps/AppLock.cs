using Hoist.Core.Errors;

namespace Hoist.Runtime.Apps;

/// <summary>Keeps two hoist processes from starting, stopping or changing one app at once: the second
/// is refused at once, saying so (flock; the kernel drops it when its holder dies).</summary>
public sealed class AppLock : IDisposable
{
    private readonly FileStream _stream;

    private AppLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the app's lock, or throws <see cref="ErrorKind.FailedPrecondition"/> when another
    /// process holds it; <paramref name="doing"/> says what this one wanted ("started").</summary>
    public static AppLock TryTake(AppLayout layout, string doing)
    {
        Directory.CreateDirectory(layout.Root);
        try
        {
            return new AppLock(new FileStream(layout.Lock, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            throw HoistException.FailedPrecondition(
                $"app '{layout.App}' cannot be {doing} now: another hoist is starting, stopping or changing it",
                "wait for that one to finish, then try again");
        }
    }

    public void Dispose() => _stream.Dispose();
}
