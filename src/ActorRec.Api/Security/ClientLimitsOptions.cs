using System.ComponentModel.DataAnnotations;

namespace ActorRec.Api.Security;

/// <summary>
/// What one principal (an API key, a JWT tenant, or anonymous callers from one address) may use. The defaults let one
/// front end forward every visitor of a large shop through one key, and stop a runaway client long before it starves
/// the others.
/// </summary>
public sealed class ClientLimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Sustained requests per second per principal; each click of a stream and each unary call is one.</summary>
    [Range(1, 10_000_000)]
    public int RequestsPerSecond { get; set; } = 10_000;

    /// <summary>Requests a principal may send at once above the sustained rate (the token bucket's size).</summary>
    [Range(1, 100_000_000)]
    public int Burst { get; set; } = 20_000;

    /// <summary>
    /// Concurrent calls on one HTTP/2 connection (SETTINGS_MAX_CONCURRENT_STREAMS): a client opens another connection
    /// beyond it (grpc-dotnet does by default) or waits. Kestrel's default.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxStreamsPerConnection { get; set; } = 100;

    /// <summary>
    /// Open Recommender streams of one principal, over all its connections to this process. ActorRec.Client keeps one
    /// stream per live session, so this bounds a front end's concurrent visitors per process; an open stream costs some
    /// tens of KB, so the default bounds one principal to a few hundred MB.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxStreamsPerPrincipal { get; set; } = 20_000;
}
