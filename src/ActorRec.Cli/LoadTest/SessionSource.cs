using System.Globalization;

namespace ActorRec.Cli.LoadTest;

/// <summary>
/// Hands out the corpus sessions in order to all streams, starting over when they run out. Every draw gets a fresh
/// session id, so a session replayed twice, or by a rerun against the same server, never meets its old server state.
/// </summary>
internal sealed class SessionSource(ReplayCorpus corpus, string runId)
{
    private long _drawn;

    public ReplayCorpus Corpus { get; } = corpus;

    public string RunId { get; } = runId;

    /// <summary>Sessions handed out so far.</summary>
    public long Drawn => Volatile.Read(ref _drawn);

    /// <summary>A short random id that prefixes the session ids of one run.</summary>
    public static string NewRunId() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>The next session; safe to call from several streams at once.</summary>
    public SessionDraw Next()
    {
        var n = Interlocked.Increment(ref _drawn) - 1;
        var count = Corpus.SessionCount;
        return new SessionDraw(string.Create(CultureInfo.InvariantCulture, $"{RunId}-{n}"), (int)(n % count), n / count);
    }
}
