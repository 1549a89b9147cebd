using System.Globalization;

namespace Hoist.Controller.Store;

/// <summary>How times are written in controller.db: ISO 8601 with the offset, to the tick.</summary>
internal static class Times
{
    public static string Write(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Read(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static DateTimeOffset? ReadOptional(object value) => value is string text ? Read(text) : null;
}
