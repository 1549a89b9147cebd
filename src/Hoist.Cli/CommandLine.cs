using System.CommandLine;
using Hoist.Cli.Commands;

namespace Hoist.Cli;

/// <summary>The command tree of hoist.</summary>
internal static class CommandLine
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("Hoist: application virtualization for Linux servers. Sequence a server app once into a package, run it on any compatible OS image, keep its state apart.");
        var image = new Command("image", "OS images in the library: build, import, list, remove");
        image.Subcommands.Add(ImageBuildCommand.Create(context));
        image.Subcommands.Add(ImageImportCommand.Create(context));
        image.Subcommands.Add(ImageListCommand.Create(context));
        image.Subcommands.Add(ImageRemoveCommand.Create(context));
        root.Subcommands.Add(image);

        root.Subcommands.Add(SequenceCommand.Create(context));

        var package = new Command("package", "Packages in the library or in .hpkg files: inspect, verify, check, edit, list, remove");
        package.Subcommands.Add(PackageInspectCommand.Create(context));
        package.Subcommands.Add(PackageVerifyCommand.Create(context));
        package.Subcommands.Add(PackageCheckCommand.Create(context));
        package.Subcommands.Add(PackageEditCommand.Create(context));
        package.Subcommands.Add(PackageListCommand.Create(context));
        package.Subcommands.Add(PackageRemoveCommand.Create(context));
        root.Subcommands.Add(package);

        var host = new Command("host", "Hosts: this machine (local) and lab hosts, each on an OS image");
        host.Subcommands.Add(HostCreateCommand.Create(context));
        host.Subcommands.Add(HostListCommand.Create(context));
        host.Subcommands.Add(HostRemoveCommand.Create(context));
        host.Subcommands.Add(HostUpgradeCommand.Create(context));
        host.Subcommands.Add(HostDrainCommand.Create(context));
        host.Subcommands.Add(HostResumeCommand.Create(context));
        root.Subcommands.Add(host);

        foreach (var command in new[]
        {
            AddCommand.Create(context), StartCommand.Create(context), StopCommand.Create(context), RestartCommand.Create(context),
            RemoveCommand.Create(context), PsCommand.Create(context), LogsCommand.Create(context), ExecCommand.Create(context), InspectCommand.Create(context),
        })
        {
            root.Subcommands.Add(command);
        }

        var state = new Command("state", "An app's state: back it up, restore it on any compatible host");
        state.Subcommands.Add(StateBackupCommand.Create(context));
        state.Subcommands.Add(StateRestoreCommand.Create(context));
        root.Subcommands.Add(state);

        foreach (var command in new[] { DeployCommand.Create(context), ScaleCommand.Create(context), MigrateCommand.Create(context) })
        {
            root.Subcommands.Add(command);
        }

        var library = new Command("library", "The controller's library: OS images, packages and state snapshots, stored as deduplicated chunks");
        library.Subcommands.Add(LibraryListCommand.Create(context));
        library.Subcommands.Add(LibraryPushCommand.Create(context));
        library.Subcommands.Add(LibraryRemoveCommand.Create(context));
        library.Subcommands.Add(LibraryGcCommand.Create(context));
        root.Subcommands.Add(library);

        root.Subcommands.Add(ControllerServeCommand.Create(context));
        root.Subcommands.Add(AgentServeCommand.Create(context));
        root.Subcommands.Add(LabCommand.Create(context));
        root.Subcommands.Add(DemoCommand.Create(context));
        return root;
    }
}
