using Hoist.Core.Errors;
using Hoist.Packaging.Manifests;
using Hoist.Supervision;

namespace Hoist.Sequencing.Analysis;

/// <summary>
/// One command of a systemd Exec*= setting (ExecStart=, ExecStartPre=, ...), as argv plus the
/// prefix flags. Specifiers are expanded; environment variable references ($NAME, ${NAME}, $$)
/// are kept as written, for <see cref="Expand"/>.
/// </summary>
public sealed record ExecLine
{
    /// <summary>The program (the path as written, absolute or a bare name systemd looks up) and its arguments.
    /// With the '@' prefix the custom argv[0] the unit gives is dropped: argv[0] is the program path.</summary>
    public IReadOnlyList<string> Argv { get; init; } = [];

    /// <summary>'-': a failure of the command is ignored.</summary>
    public bool IgnoreFailure { get; init; }

    /// <summary>'+': the command runs with full privileges, ignoring User=, Group= and sandboxing.</summary>
    public bool FullPrivileges { get; init; }

    /// <summary>'!': the command runs with User= and Group= set up without changing the process credentials (systemd lets it do so itself).</summary>
    public bool NoSetuid { get; init; }

    /// <summary>'!!': like '!', only on systems without ambient capabilities; ignored elsewhere.</summary>
    public bool AmbientFallback { get; init; }

    /// <summary>False with the ':' prefix: the command's words are used without variable substitution.</summary>
    public bool ExpandsEnvironment { get; init; } = true;

    /// <summary>Parses a setting that holds exactly one command, such as ExecStart= of a simple service.
    /// <paramref name="unitName"/> ("redis-server.service") gives %n, %N, %p, %i and %I.
    /// Throws <see cref="ErrorKind.InvalidArgument"/> when the value is empty, holds several commands
    /// separated by a lone ";", or is malformed (see <see cref="ParseAll"/>).</summary>
    public static ExecLine Parse(string value, string unitName)
    {
        var commands = ParseAll(value, unitName);
        return commands.Count == 1
            ? commands[0]
            : throw HoistException.InvalidArgument($"{unitName}: '{value}' holds {commands.Count} commands, not one");
    }

    /// <summary>Parses a setting's value into its commands, which a lone unquoted ";" separates (an
    /// empty value gives none). Throws <see cref="ErrorKind.InvalidArgument"/> on bad quoting or escapes,
    /// a command without a program, '@' without an argv[0], the '|' prefix, or a specifier systemd
    /// resolves from the running system (%H, %u, ...).</summary>
    public static IReadOnlyList<ExecLine> ParseAll(string value, string unitName)
    {
        var commands = new List<ExecLine>();
        var words = new List<string>();
        foreach (var word in UnitLexer.Split(value))
        {
            if (word.Plain && word.Text == ";")
            {
                commands.Add(Build(words, value, unitName));
                words.Clear();
                continue;
            }

            words.Add(UnitSpecifiers.Expand(word.Text, unitName));
        }

        if (words.Count > 0 || commands.Count > 0)
        {
            commands.Add(Build(words, value, unitName));
        }

        return commands;
    }

    /// <summary>Substitutes environment variables in <paramref name="argv"/> by systemd's rules: a word that
    /// is exactly "$NAME" becomes the value split at whitespace (zero or more words); "${NAME}" inside a
    /// word is replaced by the value without splitting; an unset variable expands to nothing; "$$" is a
    /// literal "$". Nothing else is touched.</summary>
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> env) =>
        EnvironmentExpander.Expand(argv, env);

    /// <summary>The command as the manifest records it (argv and the '-' flag; the other prefixes have no place there).</summary>
    public CommandSpec ToCommand() => new() { Exec = Argv, IgnoreFailure = IgnoreFailure };

    private static ExecLine Build(List<string> words, string value, string unitName)
    {
        if (words.Count == 0)
        {
            throw HoistException.InvalidArgument($"{unitName}: '{value}' has an empty command");
        }

        var first = words[0];
        var line = new ExecLine();
        var argv0 = false;
        var k = 0;
        while (k < first.Length && first[k] is '-' or '@' or '+' or ':' or '!' or '|')
        {
            var prefix = first[k++];
            var twice = prefix == '!' && k < first.Length && first[k] == '!';
            k += twice ? 1 : 0;
            argv0 |= prefix == '@';
            line = prefix switch
            {
                '-' => line with { IgnoreFailure = true },
                '+' => line with { FullPrivileges = true },
                ':' => line with { ExpandsEnvironment = false },
                '!' when twice => line with { AmbientFallback = true },
                '!' => line with { NoSetuid = true },
                '|' => throw HoistException.InvalidArgument(
                    $"{unitName}: '{value}' uses the '|' prefix (run through the user's shell), which Hoist does not support"),
                _ => line,
            };
        }

        var program = first[k..];
        if (program.Length == 0 || (argv0 && words.Count < 2))
        {
            throw HoistException.InvalidArgument($"{unitName}: '{value}' names no program" + (argv0 ? " or no argv[0] after '@'" : ""));
        }

        return line with { Argv = [program, .. words.Skip(argv0 ? 2 : 1)] };
    }
}
