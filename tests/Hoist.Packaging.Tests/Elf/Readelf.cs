using System.Text.RegularExpressions;
using Hoist.Core.Processes;
using Hoist.Packaging.Elf;

namespace Hoist.Packaging.Tests.Elf;

/// <summary>What GNU readelf says of a file, from its section headers: the independent answer
/// that <see cref="ElfReader"/> (which reads program headers) is checked against.</summary>
internal sealed partial record Readelf(
    string Class,
    string Type,
    string? Interpreter,
    IReadOnlyList<string> Needed,
    string? Soname,
    IReadOnlyList<ElfVersionNeed> VersionNeeds,
    IReadOnlyList<string> VersionDefinitions)
{
    public static async Task<Readelf> RunAsync(string path)
    {
        if (!Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(d => File.Exists(Path.Combine(d, "readelf"))))
        {
            Assert.Fail("readelf is missing: apt-get install -y binutils");
        }

        var output = (await ProcessRunner.RunCheckedAsync(
            new ProcessSpec("readelf", "-W", "-h", "-l", "-d", "-V", path) { Environment = new Dictionary<string, string?> { ["LC_ALL"] = "C" } },
            "readelf",
            CancellationToken.None)).Stdout;

        string @class = "", type = "";
        string? interpreter = null, soname = null, library = null, section = null;
        List<string> needed = [], definitions = [];
        List<ElfVersionNeed> needs = [];
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("Version ", StringComparison.Ordinal))
            {
                section = line;
            }
            else if (HeaderLine().Match(line) is { Success: true } h)
            {
                if (h.Groups[1].Value == "Class")
                {
                    @class = h.Groups[2].Value;
                }
                else
                {
                    type = h.Groups[2].Value;
                }
            }
            else if (InterpreterLine().Match(line) is { Success: true } i)
            {
                interpreter = i.Groups[1].Value;
            }
            else if (NeededLine().Match(line) is { Success: true } n)
            {
                needed.Add(n.Groups[1].Value);
            }
            else if (SonameLine().Match(line) is { Success: true } s)
            {
                soname = s.Groups[1].Value;
            }
            else if (section?.StartsWith("Version needs", StringComparison.Ordinal) == true && NeedFileLine().Match(line) is { Success: true } f)
            {
                library = f.Groups[1].Value;
            }
            else if (section?.StartsWith("Version needs", StringComparison.Ordinal) == true && NeedNameLine().Match(line) is { Success: true } v)
            {
                needs.Add(new ElfVersionNeed(library!, v.Groups[1].Value));
            }
            else if (section?.StartsWith("Version definition", StringComparison.Ordinal) == true && DefinitionLine().Match(line) is { Success: true } d
                && !d.Groups[1].Value.Contains("BASE", StringComparison.Ordinal))
            {
                definitions.Add(d.Groups[2].Value);
            }
        }

        return new Readelf(@class, type, interpreter, needed, soname, needs, definitions);
    }

    [GeneratedRegex(@"^\s+(Class|Type):\s+(\S+)")]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"\[Requesting program interpreter: (.*)\]")]
    private static partial Regex InterpreterLine();

    [GeneratedRegex(@"\(NEEDED\)\s+Shared library: \[(.*)\]")]
    private static partial Regex NeededLine();

    [GeneratedRegex(@"\(SONAME\)\s+Library soname: \[(.*)\]")]
    private static partial Regex SonameLine();

    [GeneratedRegex(@"^\s*[0-9a-fx]+: Version: \d+\s+File: (\S+)\s+Cnt:")]
    private static partial Regex NeedFileLine();

    [GeneratedRegex(@"^\s*0x[0-9a-f]+:\s+Name: (\S+)\s+Flags:")]
    private static partial Regex NeedNameLine();

    [GeneratedRegex(@"^\s*[0-9a-fx]+: Rev: \d+\s+Flags: (.*?)\s+Index: \d+\s+Cnt: \d+\s+Name: (\S+)")]
    private static partial Regex DefinitionLine();
}
