using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ActorRec.Api.Security;

/// <summary>
/// A token bucket per principal, shared by ASP.NET Core's rate-limiting middleware (one permit per call) and the
/// Recommender stream (one permit per click: a stream is a single HTTP request however many clicks it carries).
/// Health checks and metrics scrapes are not limited.
/// </summary>
internal sealed class ClientRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter;

    public ClientRateLimiter(IOptions<ClientLimitsOptions> options)
    {
        var limits = options.Value;
        Limits = limits;
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (IsUnlimited(context.Request.Path))
            {
                return RateLimitPartition.GetNoLimiter("unlimited");
            }

            return RateLimitPartition.GetTokenBucketLimiter(PartitionOf(context), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.Burst,
                TokensPerPeriod = limits.RequestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
    }

    public PartitionedRateLimiter<HttpContext> Limiter => _limiter;

    public ClientLimitsOptions Limits { get; }

    /// <summary>The message of a refused request: which limit, for whom, what to do.</summary>
    public string RefusalMessage(HttpContext context) =>
        $"{ApiClaims.PrincipalOf(context.User)} sent more than {Limits.RequestsPerSecond} requests/s (burst {Limits.Burst}; "
        + $"{ClientLimitsOptions.SectionName}:{nameof(ClientLimitsOptions.RequestsPerSecond)}): slow down and retry, with the same seq for a click";

    /// <summary>Takes one permit for one click of a stream; false when the principal is over its rate.</summary>
    public bool TryAcquire(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(context);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>Anonymous callers are told apart by address, so that one of them cannot use up the others' budget.</summary>
    private static string PartitionOf(HttpContext context) =>
        ApiClaims.PrincipalOf(context.User) is "anonymous" and var anonymous
            ? $"{anonymous}@{context.Connection.RemoteIpAddress}"
            : ApiClaims.PrincipalOf(context.User);

    private static bool IsUnlimited(PathString path) =>
        path.StartsWithSegments("/grpc.health.v1.Health", StringComparison.Ordinal) || path.StartsWithSegments("/metrics", StringComparison.Ordinal);
}
