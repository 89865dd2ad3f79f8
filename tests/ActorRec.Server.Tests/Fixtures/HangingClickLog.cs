using ActorRec.Grains.ClickLog;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>A click log whose appends neither complete nor fail until released, as a silo waiting on a dead one would.</summary>
internal sealed class HangingClickLog : IClickLog
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets every append, waiting or to come, complete.</summary>
    public void Release() => _released.TrySetResult();

    public ValueTask AppendAsync(LoggedClick click, CancellationToken cancellationToken = default) => new(_released.Task);

    public Task<ClickLogPage> ReadAsync(string? position, int maxCount, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Nothing reads this log.");
}
