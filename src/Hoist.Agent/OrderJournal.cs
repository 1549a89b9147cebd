using System.Globalization;
using System.Text.Json;
using Hoist.Fabric;
using Hoist.Fabric.Api;

namespace Hoist.Agent;

/// <summary>
/// The results of the orders an agent carried out, one file each (orders/ID.json), written before the
/// result is reported: an order delivered again (the report was lost, the agent restarted) gets its
/// kept result instead of being carried out twice. Results older than a day are swept.
/// </summary>
public sealed class OrderJournal
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    private readonly string _directory;

    public OrderJournal(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    /// <summary>The kept result of order <paramref name="id"/>, or null when it was not carried out.</summary>
    public OrderResult? Find(long id)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(PathOf(id)), FabricJson.Default.OrderResult);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Keeps the result of order <paramref name="id"/> (written aside, synced, renamed).</summary>
    public void Keep(long id, OrderResult result)
    {
        var path = PathOf(id);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, result, FabricJson.Default.OrderResult);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes results older than a day.</summary>
    public void Sweep()
    {
        foreach (var file in Directory.EnumerateFiles(_directory))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > KeptFor)
            {
                File.Delete(file);
            }
        }
    }

    private string PathOf(long id) => Path.Combine(_directory, id.ToString(CultureInfo.InvariantCulture) + ".json");
}
