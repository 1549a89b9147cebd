using Hoist.Core.Errors;

namespace Hoist.Packaging.Layers;

/// <summary>The one error a layer that cannot be decoded gives, whatever the decoder threw.</summary>
internal static class LayerErrors
{
    internal static HoistException Corrupt(string detail, Exception? inner = null) =>
        new(ErrorKind.InvalidArgument, $"layer is truncated or corrupt: {OneLine(detail)}", inner: inner);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
