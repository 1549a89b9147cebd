namespace Hoist.Controller.Tests.Testing;

/// <summary>Waits for a condition (looked at every few milliseconds) with a timeout: how tests synchronize
/// with the controller's workers and the fake agents, instead of sleeping.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        T value;
        while (!done(value = await read()))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s for {what}; last seen: {Describe(value)}");
            }

            await Task.Delay(5);
        }

        return value;
    }

    public static Task<T> WaitAsync<T>(Func<T> read, Func<T, bool> done, string what, TimeSpan? timeout = null) =>
        WaitAsync(() => Task.FromResult(read()), done, what, timeout);

    public static Task WaitAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitAsync(() => Task.FromResult(condition()), b => b, what, timeout);

    private static string Describe<T>(T value) => value switch
    {
        Fabric.Api.MigrationView m => $"{m.Phase} ({m.Error}): {string.Join(" | ", m.Log)}",
        _ => value?.ToString() ?? "null",
    };
}
