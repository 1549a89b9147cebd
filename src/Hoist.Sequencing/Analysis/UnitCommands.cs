using Hoist.Core.Errors;
using Hoist.Packaging.Manifests;
using Hoist.Supervision;

namespace Hoist.Sequencing.Analysis;

/// <summary>Reads a unit's environment (Environment=, EnvironmentFile=) and its Exec*= commands, with the
/// variables that environment sets substituted.</summary>
internal sealed class UnitCommands
{
    private const string Service = "Service";
    private readonly UnitCandidate candidate;
    private readonly DetectionContext context;
    private readonly Dictionary<string, string> variables = new(StringComparer.Ordinal);

    public UnitCommands(UnitCandidate candidate, DetectionContext context)
    {
        this.candidate = candidate;
        this.context = context;
        Environment = ReadEnvironment();
        EnvironmentFiles = ReadEnvironmentFiles();
    }

    /// <summary>The Environment= assignments, by name.</summary>
    public SortedDictionary<string, string> Environment { get; }

    /// <summary>The EnvironmentFile= paths, each with its '-' when optional.</summary>
    public IReadOnlyList<string> EnvironmentFiles { get; }

    /// <summary>The commands of an Exec*= setting, in order. A value that does not parse is left out with a
    /// note. Variables are substituted by <see cref="ExecLine.Expand"/> in the arguments (not the program) of
    /// each command, unless it has the ':' prefix or refers to a variable that neither Environment= nor an
    /// EnvironmentFile= sets ($MAINPID, which systemd sets itself): such a command is kept as written, with a note.</summary>
    public IReadOnlyList<CommandSpec> Read(string key)
    {
        var commands = new List<CommandSpec>();
        foreach (var value in candidate.Unit.GetAll(Service, key))
        {
            IReadOnlyList<ExecLine> lines;
            try
            {
                lines = ExecLine.ParseAll(value, candidate.UnitName);
            }
            catch (HoistException e)
            {
                context.Note($"{candidate.Name}: ignored {key}={value}: {e.Message}");
                continue;
            }

            commands.AddRange(lines.Select(line => Resolve(line, key)));
        }

        return commands;
    }

    private CommandSpec Resolve(ExecLine line, string key)
    {
        var program = line.Argv[0];
        var arguments = line.Argv.Skip(1).ToList();
        var unknown = EnvironmentExpander.References(arguments).Where(name => !variables.ContainsKey(name)).ToList();
        if (line.ExpandsEnvironment && unknown.Count == 0)
        {
            arguments = [.. ExecLine.Expand(arguments, variables)];
        }
        else if (line.ExpandsEnvironment)
        {
            var names = string.Join(", ", unknown.Select(name => "$" + name));
            context.Note($"{candidate.Name}: kept {key} {program} as written: it refers to {names}, which the unit does not set");
        }

        if (line.FullPrivileges || line.NoSetuid || line.AmbientFallback)
        {
            var prefix = line.FullPrivileges ? "+" : line.AmbientFallback ? "!!" : "!";
            context.Note($"{candidate.Name}: {key} {program} has the '{prefix}' prefix (privileges), which the manifest does not record");
        }

        if (!program.StartsWith('/'))
        {
            context.Note($"{candidate.Name}: {key} runs '{program}', which is not an absolute path");
        }

        return new CommandSpec { Exec = [program, .. arguments], IgnoreFailure = line.IgnoreFailure };
    }

    private SortedDictionary<string, string> ReadEnvironment()
    {
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in candidate.Unit.GetAll(Service, "Environment"))
        {
            try
            {
                foreach (var word in SystemdUnit.SplitWords(value).Select(w => UnitSpecifiers.Expand(w, candidate.UnitName)))
                {
                    var equals = word.IndexOf('=');
                    if (equals > 0 && EnvironmentExpander.IsName(word.AsSpan(0, equals)))
                    {
                        environment[word[..equals]] = word[(equals + 1)..];
                    }
                    else
                    {
                        context.Note($"{candidate.Name}: ignored Environment= assignment '{word}'");
                    }
                }
            }
            catch (HoistException e)
            {
                context.Note($"{candidate.Name}: ignored Environment={value}: {e.Message}");
            }
        }

        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        return environment;
    }

    /// <summary>Reads the EnvironmentFile= list; the variables of the files that exist override Environment=, as in systemd.</summary>
    private List<string> ReadEnvironmentFiles()
    {
        var files = new List<string>();
        foreach (var value in candidate.Unit.GetAll(Service, "EnvironmentFile"))
        {
            string file;
            try
            {
                file = UnitSpecifiers.Expand(value, candidate.UnitName);
            }
            catch (HoistException e)
            {
                context.Note($"{candidate.Name}: ignored EnvironmentFile={value}: {e.Message}");
                continue;
            }

            files.Add(file);
            var path = file.TrimStart('-');
            var text = path.StartsWith('/') ? context.ReadFile(path) : null;
            if (text is null && !file.StartsWith('-'))
            {
                context.Note($"{candidate.Name}: EnvironmentFile={file} does not exist in the installed system");
            }

            foreach (var (name, variable) in EnvironmentFile.Parse(text ?? string.Empty))
            {
                variables[name] = variable;
            }
        }

        return files;
    }
}
