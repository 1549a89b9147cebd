using System.CommandLine;
using Hoist.Packaging.Files;

namespace Hoist.Cli.Commands;

/// <summary>hoist package verify FILE|NAME</summary>
internal static class PackageVerifyCommand
{
    public static Command Create(CliContext context)
    {
        var package = PackageArgument.Create();
        var command = new Command("verify", "Check every digest of a package and that its layer is safe to unpack") { package };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = context.Library.Packages.Locate(parse.GetValue(package)!);
            VerificationReport report;
            using (var progress = context.NewProgress())
            {
                report = await PackageVerifier.VerifyAsync(path, progress, cancellationToken);
            }

            foreach (var check in report.Checks)
            {
                await context.Out.WriteLineAsync("ok  " + check);
            }

            await context.Out.WriteLineAsync($"verified {report.PackageDigest}");
            return 0;
        });
        return command;
    }
}
