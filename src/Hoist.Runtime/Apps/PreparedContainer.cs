using System.Globalization;
using System.Text;
using Hoist.Core.Hashing;
using Hoist.Linux;

namespace Hoist.Runtime.Apps;

/// <summary>
/// What a stopped app's container was made from (its root mounted, hoist-init standing by), so that
/// the next start is one signal to hoist-init when nothing it depends on has changed: the
/// package, the host (its image, root, network and address, its accounts), the parameter values and
/// limits, hoist-init itself. Kept in the app's directory as lines: "key HEX", "watch 0|1", then
/// "port NUMBER PROTOCOL PARAMETER" for each port the start must find free.
/// </summary>
internal sealed record PreparedContainer(string Key, bool Watch, IReadOnlyList<(int Port, string Protocol, string? Parameter)> Ports)
{
    private const string Format = "hoist-prepared/2";

    public static string File(AppLayout layout) => Path.Combine(layout.Root, "prepared");

    public static PreparedContainer? Read(AppLayout layout)
    {
        string[] lines;
        try
        {
            lines = System.IO.File.ReadAllLines(File(layout));
        }
        catch (IOException)
        {
            return null;
        }

        string? key = null;
        var watch = false;
        var ports = new List<(int, string, string?)>();
        foreach (var fields in lines.Select(l => l.Split(' ')))
        {
            switch (fields)
            {
                case ["key", var k]:
                    key = k;
                    break;
                case ["watch", var w]:
                    watch = w == "1";
                    break;
                case ["port", var p, var protocol, var parameter] when int.TryParse(p, CultureInfo.InvariantCulture, out var port):
                    ports.Add((port, protocol, parameter == "-" ? null : parameter));
                    break;
            }
        }

        return key is null ? null : new PreparedContainer(key, watch, ports);
    }

    public void Write(AppLayout layout)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"key {Key}\nwatch {(Watch ? 1 : 0)}\n");
        foreach (var (port, protocol, parameter) in Ports)
        {
            text.Append(CultureInfo.InvariantCulture, $"port {port} {protocol} {parameter ?? "-"}\n");
        }

        var temporary = File(layout) + ".tmp";
        System.IO.File.WriteAllText(temporary, text.ToString());
        System.IO.File.Move(temporary, File(layout), overwrite: true);
    }

    public static void Forget(AppLayout layout) => System.IO.File.Delete(File(layout));

    /// <summary>The digest of everything the container's root, config layer and bundle were made from.</summary>
    public static string KeyOf(AppRecord app, HostContext host, string initBinary)
    {
        var parts = new List<string>
        {
            Format, app.Package.ToString(), host.Name, host.Image, host.RootPath, host.NetworkNamespace ?? "-", host.Address ?? "-",
            Stamp(Path.Combine(host.RootPath, "etc/passwd")), Stamp(Path.Combine(host.RootPath, "etc/group")), Stamp("/etc/resolv.conf"),
            Stamp(initBinary), initBinary,
        };
        parts.AddRange(app.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"set {p.Key}={p.Value}"));
        parts.AddRange(app.Resources.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"limit {p.Key}={p.Value}"));
        return Convert.ToHexStringLower(ManagedSha256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))));
    }

    private static string Stamp(string path) => LinuxFiles.TryLStat(path) is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"{s.Inode}:{s.Size}:{s.ModifiedSeconds}.{s.ModifiedNanoseconds}")
        : "-";
}
