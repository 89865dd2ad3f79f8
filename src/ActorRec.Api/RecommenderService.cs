using System.Threading.Channels;
using ActorRec.Abstractions;
using ActorRec.Api.Security;
using ActorRec.Contracts.V1;
using Grpc.Core;

namespace ActorRec.Api;

/// <summary>The public recommendation API: click events in, recommendations out, one session grain per session.</summary>
/// <remarks>
/// Session ids are scoped to the caller's tenant (<see cref="SessionKey"/>): two tenants sending the same id reach two
/// sessions, and nothing a caller sends can name another tenant's session.
/// </remarks>
internal sealed partial class RecommenderService(
    IGrainFactory grains,
    ClickValidator validator,
    InFlightClicks inFlight,
    ApiOrigin origin,
    ClientRateLimiter rateLimiter,
    StreamLimiter streamLimiter,
    IHostApplicationLifetime lifetime,
    ILogger<RecommenderService> logger) : Recommender.RecommenderBase
{
    /// <summary>Clicks of different sessions of one stream are in flight together; this bounds how many.</summary>
    private const int MaxInFlightPerStream = 64;

    public override async Task Stream(IAsyncStreamReader<ClickEvent> requestStream, IServerStreamWriter<Recommendation> responseStream, ServerCallContext context)
    {
        // Responses go out in request order through a single writer; clicks of one session are chained so that a
        // session sees its events in order, while different sessions of the same stream proceed concurrently.
        var http = context.GetHttpContext();
        using var slot = streamLimiter.Enter(http);
        var tenant = ApiClaims.TenantOf(http.User);
        var pending = Channel.CreateBounded<Task<Recommendation>>(new BoundedChannelOptions(MaxInFlightPerStream) { SingleReader = true, SingleWriter = true });
        var writer = WriteInOrderAsync(pending.Reader, responseStream);
        var lastBySession = new Dictionary<string, Task>(StringComparer.Ordinal);
        try
        {
            await foreach (var click in requestStream.ReadAllAsync(context.CancellationToken))
            {
                var previous = lastBySession.GetValueOrDefault(click.SessionId) ?? Task.CompletedTask;

                // A stream is one HTTP request to the rate limiter's middleware: each click takes its own permit.
                var next = rateLimiter.TryAcquire(http)
                    ? HandleInStreamAsync(tenant, click, previous, context.CancellationToken)
                    : Task.FromResult(ErrorResponse(click, StatusCode.ResourceExhausted, rateLimiter.RefusalMessage(http)));
                lastBySession[click.SessionId] = next;
                if (lastBySession.Count > 4 * MaxInFlightPerStream)
                {
                    foreach (var done in lastBySession.Where(p => p.Value.IsCompleted).Select(p => p.Key).ToList())
                    {
                        lastBySession.Remove(done);
                    }
                }

                await pending.Writer.WriteAsync(next, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client closed the call or its deadline passed: nobody is left to answer, which is not a server error.
        }
        finally
        {
            pending.Writer.TryComplete();
            try
            {
                await writer;
            }
            catch (Exception) when (context.CancellationToken.IsCancellationRequested)
            {
                // Answers to a cancelled call cannot be written; their clicks were applied or not as the client's retry will find.
            }
        }
    }

    public override async Task<Recommendation> Click(ClickEvent request, ServerCallContext context)
    {
        using var tracked = inFlight.Enter();
        var command = validator.ToCommand(request);
        origin.Stamp();
        return ToWire(await Session(context, request.SessionId).ClickAsync(command, context.CancellationToken));
    }

    public override async Task<Recommendation> GetRecommendations(GetRecommendationsRequest request, ServerCallContext context)
    {
        validator.ValidateSessionId(request.SessionId);
        var k = validator.ResolveK(request.K);
        return ToWire(await Session(context, request.SessionId).GetRecommendationsAsync(k, request.ExcludeSeen, context.CancellationToken));
    }

    public override async Task<EndSessionResponse> EndSession(EndSessionRequest request, ServerCallContext context)
    {
        validator.ValidateSessionId(request.SessionId);
        return new EndSessionResponse { Existed = await Session(context, request.SessionId).EndAsync() };
    }

    /// <summary>The caller's session of that id: its tenant's, never another's.</summary>
    private ISessionGrain Session(ServerCallContext context, string sessionId) => Session(ApiClaims.TenantOf(context.GetHttpContext().User), sessionId);

    private ISessionGrain Session(string tenant, string sessionId) => grains.GetGrain<ISessionGrain>(SessionKey.For(tenant, sessionId));

    private static async Task WriteInOrderAsync(ChannelReader<Task<Recommendation>> pending, IServerStreamWriter<Recommendation> responseStream)
    {
        await foreach (var next in pending.ReadAllAsync())
        {
            await responseStream.WriteAsync(await next);
        }
    }

    /// <summary>
    /// A bad event in a stream is answered in band (the response's error names the field) instead of failing the
    /// call, so one malformed message does not cost the client its other sessions' stream.
    /// </summary>
    private async Task<Recommendation> HandleInStreamAsync(string tenant, ClickEvent click, Task previous, CancellationToken cancellationToken)
    {
        using var tracked = inFlight.Enter();
        try
        {
            await previous;
        }
        catch (Exception)
        {
            // The previous click of this session already answered with its own error.
        }

        try
        {
            var command = validator.ToCommand(click);
            origin.Stamp();
            return ToWire(await Session(tenant, click.SessionId).ClickAsync(command, cancellationToken));
        }
        catch (RpcException e)
        {
            return ErrorResponse(click, e.StatusCode, e.Status.Detail);
        }
        catch (Exception e) when (ErrorMapping.TryMap(e, out var status))
        {
            return ErrorResponse(click, status.StatusCode, status.Detail);
        }
        catch (Exception) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // This process is shutting down under the stream (its Orleans runtime disposed, say): nothing was applied
            // here, and another endpoint of the cluster can take the retry.
            return ErrorResponse(click, ErrorMapping.ShuttingDown.StatusCode, ErrorMapping.ShuttingDown.Detail);
        }
        catch (Exception e)
        {
            LogStreamClickFailed(logger, e, click.SessionId, click.Seq);
            return ErrorResponse(click, StatusCode.Internal, "the click could not be processed");
        }
    }

    private static Recommendation ErrorResponse(ClickEvent click, StatusCode code, string message) => new()
    {
        SessionId = click.SessionId,
        Seq = click.Seq,
        Error = new Error { Code = (int)code, Message = message },
    };

    internal static Recommendation ToWire(SessionRecommendation recommendation)
    {
        var wire = new Recommendation
        {
            SessionId = SessionKey.SessionIdOf(recommendation.SessionId),
            Seq = recommendation.Seq,
            ModelVersion = recommendation.ModelVersion,
            UnknownItem = recommendation.UnknownItem,
            Replayed = recommendation.Replayed,
            Duplicate = recommendation.Duplicate,
            BatchSize = recommendation.BatchSize,
        };
        foreach (var item in recommendation.Items)
        {
            wire.Items.Add(new Contracts.V1.ScoredItem { ItemId = item.ItemId, Score = item.Score });
        }

        return wire;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Click {Seq} of session {SessionId} failed in a stream")]
    private static partial void LogStreamClickFailed(ILogger logger, Exception exception, string sessionId, long seq);
}
