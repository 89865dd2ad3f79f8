namespace ActorRec.Grains.ClickLog;

/// <summary>The durable log of accepted clicks that training reads; one per silo, registered as a singleton.</summary>
public interface IClickLog
{
    /// <summary>Appends a click; completes when the click is as durable as the implementation's documented guarantee.</summary>
    ValueTask AppendAsync(LoggedClick click, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads up to <paramref name="maxCount"/> clicks after <paramref name="position"/> (null or empty: from the oldest
    /// retained click). <see cref="ClickLogPage.Next"/> equals <paramref name="position"/> (empty for null) when nothing is new.
    /// </summary>
    Task<ClickLogPage> ReadAsync(string? position, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Why the log cannot take appends now (a writer that stopped on an I/O error, an unreachable store), or null when
    /// it can. Readiness reports it: a silo whose clicks cannot be made durable should get no traffic.
    /// </summary>
    Task<string?> ProbeAsync(CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);
}
