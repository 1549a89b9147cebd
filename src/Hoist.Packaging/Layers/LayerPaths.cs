using System.Text;

namespace Hoist.Packaging.Layers;

/// <summary>The lexical rules for paths inside a layer, shared by the writer and the reader so
/// that the writer never makes a layer that the reader refuses.</summary>
internal static class LayerPaths
{
    /// <summary>The prefix that marks a whiteout in a tar layer (OCI image layer convention).</summary>
    internal const string WhiteoutPrefix = ".wh.";

    /// <summary>The file that marks its directory as opaque.</summary>
    internal const string OpaqueMarker = ".wh..wh..opq";

    /// <summary>Why <paramref name="path"/> is not a clean relative path, as the end of a sentence
    /// ("may not contain '..'"), or null when it is one.</summary>
    internal static string? Problem(string path)
    {
        if (path.Length == 0)
        {
            return "is empty";
        }

        if (path.Contains('\0'))
        {
            return "may not contain NUL";
        }

        // Linux allows it, but TarReader (.NET 10) splits PAX records at newlines, so a long
        // or non-ASCII name with one would not read back.
        if (path.Contains('\n'))
        {
            return "may not contain a newline";
        }

        if (path.StartsWith('/'))
        {
            return "may not be absolute";
        }

        if (path.EndsWith('/'))
        {
            return "may not end with '/'";
        }

        foreach (var component in path.Split('/'))
        {
            switch (component)
            {
                case "..":
                    return "may not contain '..'";
                case ".":
                    return "may not contain '.' components";
                case "":
                    return "may not contain an empty component ('//')";
            }
        }

        return null;
    }

    /// <summary>The directory part of a path ("" for a top-level name).</summary>
    internal static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    /// <summary>The last component of a path.</summary>
    internal static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>Joins a directory ("" for the root) and a name.</summary>
    internal static string Join(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;

    /// <summary>The proper ancestors of a path, outermost first: "a", "a/b" for "a/b/c".</summary>
    internal static IEnumerable<string> Ancestors(string path)
    {
        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }
    }

    /// <summary>True when a relative symlink target, resolved lexically from the directory that
    /// holds the link, climbs above the root. Absolute targets never escape: they resolve inside
    /// the app's root at run time.</summary>
    internal static bool Escapes(string linkPath, string target)
    {
        if (target.StartsWith('/'))
        {
            return false;
        }

        var depth = Ancestors(linkPath).Count();
        foreach (var component in target.Split('/'))
        {
            if (component == "..")
            {
                if (depth == 0)
                {
                    return true;
                }

                depth--;
            }
            else if (component is not ("" or "."))
            {
                depth++;
            }
        }

        return false;
    }

    /// <summary>A name made safe to show in a one-line message: control characters become \xNN.</summary>
    internal static string Show(string name)
    {
        if (!name.Any(char.IsControl))
        {
            return name;
        }

        var text = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                text.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
