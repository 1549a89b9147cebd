using System.Collections.Concurrent;

namespace Hoist.Controller.Placement;

/// <summary>Small numbers for the strings placement looks up on every host (groups and ports; packages
/// apart, numbered from 0 so that a host keeps its verdicts on them in arrays): a placement over 1,000
/// hosts hashes each string once, not once per host. Stable for the process.</summary>
internal static class PlacementKeys
{
    private static readonly ConcurrentDictionary<string, int> Keys = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, int> Packages = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();
    private static int _keys;
    private static int _packages;

    public static int Of(string text) => Keys.TryGetValue(text, out var key) ? key : Add(Keys, ref _keys, text);

    /// <summary>The package's number: 0, 1, 2, ... in the order packages are first seen.</summary>
    public static int OfPackage(string digest) => Packages.TryGetValue(digest, out var key) ? key : Add(Packages, ref _packages, digest);

    // ConcurrentDictionary.Count takes every lock of the table (some 90 µs here): the numbers are counted apart.
    private static int Add(ConcurrentDictionary<string, int> keys, ref int last, string text)
    {
        lock (Gate)
        {
            if (!keys.TryGetValue(text, out var key))
            {
                key = last++;
                keys[text] = key;
            }

            return key;
        }
    }
}
