using System.Security.Cryptography;
using Hoist.Core.Errors;

namespace Hoist.Core.Storage;

/// <summary>A SHA-256 content digest, written "sha256:" followed by 64 lowercase hex digits.</summary>
public readonly record struct Digest
{
    private const string Prefix = "sha256:";

    private Digest(string hex) => Hex = hex;

    /// <summary>The 64 lowercase hex digits.</summary>
    public string Hex { get; }

    /// <summary>The first 12 hex digits, enough to tell items apart in listings.</summary>
    public string Short => Hex[..12];

    public override string ToString() => Prefix + Hex;

    public static Digest FromHash(ReadOnlySpan<byte> hash) => new(Convert.ToHexStringLower(hash));

    public static Digest Of(ReadOnlySpan<byte> data) => FromHash(SHA256.HashData(data));

    public static async Task<Digest> OfStreamAsync(Stream stream, CancellationToken cancellationToken) =>
        FromHash(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));

    public static async Task<Digest> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await OfStreamAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parses "sha256:HEX"; throws <see cref="ErrorKind.InvalidArgument"/> naming <paramref name="what"/>.</summary>
    public static Digest Parse(string text, string what = "digest") =>
        TryParse(text, out var digest)
            ? digest
            : throw HoistException.InvalidArgument($"{what} '{text}' is not a digest of the form sha256:<64 hex digits>");

    public static bool TryParse(string? text, out Digest digest)
    {
        digest = default;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length != Prefix.Length + 64)
        {
            return false;
        }

        var hex = text[Prefix.Length..];
        if (!hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return false;
        }

        digest = new Digest(hex);
        return true;
    }

    /// <summary>True when <paramref name="text"/> is a hex prefix (at least 4 digits, optionally with
    /// "sha256:") that this digest starts with.</summary>
    public bool Matches(string text)
    {
        var hex = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..] : text;
        return hex.Length >= 4 && Hex.StartsWith(hex, StringComparison.Ordinal);
    }
}
