using System.Text.Json.Serialization;

namespace Hoist.Runtime.State;

/// <summary>How the app was held while its state layer was copied, so that the copy is consistent.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StateCaptureMode>))]
public enum StateCaptureMode
{
    /// <summary>The app was stopped: its processes had exited and flushed what they write.</summary>
    [JsonStringEnumMemberName("stopped")]
    Stopped,

    /// <summary>The app's processes were frozen (cgroup freezer): nothing was written during the copy,
    /// but what they held in memory and had not written is not in the archive.</summary>
    [JsonStringEnumMemberName("frozen")]
    Frozen,
}
