using System.Text;

namespace Hoist.Content.Trees;

/// <summary>The rules of a path in a tree recipe, and its pieces.</summary>
internal static class TreePaths
{
    /// <summary>NAME_MAX: the longest file name, in bytes.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>PATH_MAX less the terminating zero.</summary>
    public const int MaxPathBytes = 4095;

    /// <summary>Why <paramref name="path"/> cannot be a non-root entry's path, or null when it can.</summary>
    public static string? Problem(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "a path may be empty only for the root, the first entry";
        }

        if (path.StartsWith('/'))
        {
            return "a path may not be absolute";
        }

        if (path.Contains('\0'))
        {
            return "a path may not contain a NUL byte";
        }

        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            return $"a path may not be longer than {MaxPathBytes} bytes";
        }

        foreach (var name in path.Split('/'))
        {
            switch (name)
            {
                case "":
                    return "a path may not have an empty component (a doubled or trailing '/')";
                case "." or "..":
                    return $"a path may not contain '{name}'";
            }

            if (Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
            {
                return $"a file name may not be longer than {MaxNameBytes} bytes";
            }
        }

        return null;
    }

    /// <summary>The path of the directory holding <paramref name="path"/> ("" for the root's children).</summary>
    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    /// <summary>The path joined to <paramref name="root"/>, for the filesystem.</summary>
    public static string OnDisk(string root, string path) => path.Length == 0 ? root : root + "/" + path;

    /// <summary>The path as a message shows it: quoted, control characters escaped, so that a hostile
    /// name cannot break a one-line message.</summary>
    public static string Show(string? path)
    {
        if (path is null)
        {
            return "(none)";
        }

        var builder = new StringBuilder(path.Length + 2).Append('\'');
        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                builder.Append($"\\x{(int)c:x2}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('\'').ToString();
    }
}
