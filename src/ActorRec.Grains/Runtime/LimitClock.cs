namespace ActorRec.Grains.Runtime;

/// <summary>
/// The clock that session slot leases and operator cooldowns are measured by. Its own type rather than the container's
/// <see cref="TimeProvider"/>, which Orleans' runtime reads too: a test moves this clock without moving Orleans'.
/// </summary>
public sealed class LimitClock(TimeProvider time)
{
    public static LimitClock System { get; } = new(TimeProvider.System);

    public DateTimeOffset UtcNow => time.GetUtcNow();
}
