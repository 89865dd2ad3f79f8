using ActorRec.Grains.ClickLog;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>An in-memory click log whose appends of chosen clicks fail once each, as a full disk or a lost Redis would.</summary>
internal sealed class FailingClickLog(IEnumerable<(string SessionId, long Seq)> failOnce) : IClickLog
{
    private readonly HashSet<(string SessionId, long Seq)> _failOnce = [.. failOnce];
    private readonly List<LoggedClick> _clicks = [];

    public IReadOnlyList<LoggedClick> Clicks
    {
        get
        {
            lock (_clicks)
            {
                return [.. _clicks];
            }
        }
    }

    public ValueTask AppendAsync(LoggedClick click, CancellationToken cancellationToken = default)
    {
        lock (_clicks)
        {
            if (_failOnce.Remove((click.SessionId, click.Seq)))
            {
                return ValueTask.FromException(new IOException($"No space left on device (test: {click.SessionId} seq {click.Seq})."));
            }

            _clicks.Add(click);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>What <see cref="ProbeAsync"/> reports: null while the log takes appends.</summary>
    public string? Problem { get; set; }

    public Task<string?> ProbeAsync(CancellationToken cancellationToken = default) => Task.FromResult(Problem);

    public Task<ClickLogPage> ReadAsync(string? position, int maxCount, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The tests read the clicks directly.");
}
