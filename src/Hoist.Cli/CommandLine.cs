using System.CommandLine;
using Hoist.Cli.Commands;

namespace Hoist.Cli;

/// <summary>The command tree of hoist.</summary>
internal static class CommandLine
{
    /// <summary>The top-level commands, by name, in the order help lists them.</summary>
    internal static readonly (string Name, Func<CliContext, Command> Create)[] TopLevel =
    [
        ("image", Image),
        ("sequence", SequenceCommand.Create),
        ("package", Package),
        ("host", Host),
        ("add", AddCommand.Create),
        ("start", StartCommand.Create),
        ("stop", StopCommand.Create),
        ("restart", RestartCommand.Create),
        ("rm", RemoveCommand.Create),
        ("ps", PsCommand.Create),
        ("logs", LogsCommand.Create),
        ("exec", ExecCommand.Create),
        ("inspect", InspectCommand.Create),
        ("state", State),
        ("deploy", DeployCommand.Create),
        ("scale", ScaleCommand.Create),
        ("migrate", MigrateCommand.Create),
        ("library", Library),
        ("controller", ControllerServeCommand.Create),
        ("agent", AgentServeCommand.Create),
        ("lab", LabCommand.Create),
        ("demo", DemoCommand.Create),
    ];

    private const string Description = "Hoist: application virtualization for Linux servers. Sequence a server app once into a package, run it on any compatible OS image, keep its state apart.";

    // What asks for the help or version options that the root command adds.
    private static readonly string[] HelpOrVersion = ["--help", "-h", "-?", "/h", "/?", "--version"];

    /// <summary>The whole tree.</summary>
    public static Command Build(CliContext context) => Build(context, []);

    /// <summary>
    /// The tree for <paramref name="args"/>. When the first names a top-level command, the root holds that
    /// one alone, which parses and runs those arguments as the whole tree would (the others cost 1 to 2 ms
    /// of each start to build); and unless help or the version is asked for, the root is a plain command
    /// without those two options: each looks up its description among System.CommandLine's resources, and
    /// that first look-up starts .NET's reflection, 5.7 ms of CPU at each start (perf, 60 starts). Else
    /// (help, the version, a typo) the whole tree under the root command.
    /// </summary>
    public static Command Build(CliContext context, IReadOnlyList<string> args)
    {
        var only = args.Count > 0 && TopLevel.Any(c => c.Name == args[0]) ? args[0] : null;
        var root = only is not null && !args.Any(HelpOrVersion.Contains) ? new Command("hoist", Description) : new RootCommand(Description);
        foreach (var (name, create) in TopLevel)
        {
            if (only is null || only == name)
            {
                root.Subcommands.Add(create(context));
            }
        }

        return root;
    }

    private static Command Image(CliContext context) => Group(
        "image",
        "OS images in the library: build, import, list, remove",
        ImageBuildCommand.Create(context),
        ImageImportCommand.Create(context),
        ImageListCommand.Create(context),
        ImageRemoveCommand.Create(context));

    private static Command Package(CliContext context) => Group(
        "package",
        "Packages in the library or in .hpkg files: inspect, verify, check, edit, list, remove",
        PackageInspectCommand.Create(context),
        PackageVerifyCommand.Create(context),
        PackageCheckCommand.Create(context),
        PackageEditCommand.Create(context),
        PackageListCommand.Create(context),
        PackageRemoveCommand.Create(context));

    private static Command Host(CliContext context) => Group(
        "host",
        "Hosts: this machine (local) and lab hosts, each on an OS image",
        HostCreateCommand.Create(context),
        HostListCommand.Create(context),
        HostRemoveCommand.Create(context),
        HostUpgradeCommand.Create(context),
        HostDrainCommand.Create(context),
        HostResumeCommand.Create(context));

    private static Command State(CliContext context) => Group(
        "state",
        "An app's state: back it up, restore it on any compatible host",
        StateBackupCommand.Create(context),
        StateRestoreCommand.Create(context));

    private static Command Library(CliContext context) => Group(
        "library",
        "The controller's library: OS images, packages and state snapshots, stored as deduplicated chunks",
        LibraryListCommand.Create(context),
        LibraryPushCommand.Create(context),
        LibraryRemoveCommand.Create(context),
        LibraryGcCommand.Create(context));

    private static Command Group(string name, string description, params Command[] subcommands)
    {
        var group = new Command(name, description);
        foreach (var subcommand in subcommands)
        {
            group.Subcommands.Add(subcommand);
        }

        return group;
    }
}
