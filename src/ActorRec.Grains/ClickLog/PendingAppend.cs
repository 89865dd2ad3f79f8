namespace ActorRec.Grains.ClickLog;

/// <summary>A click waiting for the file log's writer thread, and the task its appender awaits.</summary>
internal sealed class PendingAppend(LoggedClick click, int recordBytes)
    : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public LoggedClick Click { get; } = click;

    public int RecordBytes { get; } = recordBytes;
}
