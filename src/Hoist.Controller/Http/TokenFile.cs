using System.Security.Cryptography;
using Hoist.Core.Errors;

namespace Hoist.Controller.Http;

/// <summary>The controller's token file, HOME/token: made at the first start (32 random bytes in hex,
/// mode 0600), read at every later one.</summary>
internal static class TokenFile
{
    public static string PathIn(string home) => Path.Combine(home, "token");

    /// <summary>The token in HOME/token, made first when there is none. Throws
    /// <see cref="ErrorKind.FailedPrecondition"/> for an empty file.</summary>
    public static string LoadOrCreate(string home)
    {
        var path = PathIn(home);
        if (File.Exists(path))
        {
            var token = File.ReadAllText(path).Trim();
            return token.Length > 0
                ? token
                : throw HoistException.FailedPrecondition($"the token file {path} is empty", "remove it: the controller makes a new one at its start");
        }

        var made = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(made + "\n"));
            file.Flush(flushToDisk: true);
        }

        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: false);
        return made;
    }
}
