using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace ActorRec.Grains.Tracing;

/// <summary>
/// The "ActorRec" activity source: a span per click applied by a session grain and a span per inference batch. Spans
/// are made only while a listener (an OpenTelemetry tracer provider) subscribes, so serving without tracing pays one
/// <see cref="ActivitySource.HasListeners"/> check per click and per batch.
/// </summary>
public static class ActorRecTracing
{
    /// <summary>Name of the activity source, for a tracer provider's AddSource.</summary>
    public const string SourceName = "ActorRec";

    /// <summary>Span of one click in its session grain: seq check, inference, click log append, state write.</summary>
    public const string SessionClickSpan = "actorrec.session.click";

    /// <summary>
    /// Span of one batch on the inference thread. It serves the clicks of many sessions at once, so it belongs to no
    /// click's trace: it is a root, linked to the context of every click it served.
    /// </summary>
    public const string InferenceBatchSpan = "actorrec.inference.batch";

    internal const string SessionKeyHashTag = "actorrec.session.key_hash";
    internal const string SeqTag = "actorrec.click.seq";
    internal const string KTag = "actorrec.click.k";
    internal const string OutcomeTag = "actorrec.click.outcome";
    internal const string ModelVersionTag = "actorrec.model.version";
    internal const string BatchSizeTag = "actorrec.batch.size";
    internal const string BatchRowsTag = "actorrec.batch.rows";
    internal const string BatchKTag = "actorrec.batch.k";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// The first 16 hex digits of the SHA-256 of a session key: enough to find one session's clicks in a trace store,
    /// without writing the visitor's session id (and tenant) into it.
    /// </summary>
    internal static string HashKey(string sessionKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionKey)), 0, 8);

    /// <summary>Marks <paramref name="activity"/> (if any) failed with <paramref name="exception"/>.</summary>
    internal static void RecordFailure(Activity? activity, Exception exception)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            activity.AddException(exception);
        }
    }
}
