using System.Diagnostics;
using System.Globalization;
using ActorRec.Abstractions;
using ActorRec.Grains.ClickLog;
using ActorRec.Grains.Inference;
using ActorRec.Grains.OnlineMetrics;
using ActorRec.Grains.Runtime;
using ActorRec.Grains.Tracing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorRec.Grains.Sessions;

/// <summary>
/// One visitor session: holds the GRU hidden state and advances it by one step per click through the silo's
/// inference worker, so a click costs O(1) model work whatever the session's length. Idle sessions are
/// collected after <see cref="SessionGrainOptions.IdleTimeout"/> (configured as the class's collection age).
/// Every applied click goes to the silo's click log, and is scored against the answer served for the previous one
/// for the online metrics.
/// </summary>
/// <remarks>
/// Placed on the silo that receives its first call, which also runs its inference: a click then costs no hop
/// between silos as long as a session's clicks keep arriving through one silo (a stream does). Orleans' default,
/// resource-optimised placement, may instead put a whole burst of new sessions on whichever silo looked least
/// loaded, and every click of those sessions would cross to it.
/// </remarks>
[SessionPlacement]
internal sealed partial class SessionGrain(
    [PersistentState("session", GrainStorageNames.Sessions)] IPersistentState<SessionState> state,
    IOptions<SessionGrainOptions> options,
    IClickLog clickLog,
    SiloInference inference,
    OnlineAccuracyWindow onlineAccuracy,
    ServingMetrics metrics,
    LimitClock clock,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain
{
    /// <summary>When this activation's slot in its tenant's count is due for renewal; null while it holds none.</summary>
    private DateTimeOffset? _slotRenewAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        metrics.SessionActivated();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.SessionDeactivated();
        if (_slotRenewAt is not null)
        {
            // One-way, so a silo shutting down does not wait on it; a slot whose release is lost expires with its lease.
            var key = this.GetPrimaryKeyString();
            _ = Slots(SessionKey.TenantOf(key)).ReleaseAsync(key);
        }

        return Task.CompletedTask;
    }

    public async Task<SessionRecommendation> ClickAsync(ClickCommand click, CancellationToken cancellationToken = default)
    {
        // A child of the incoming grain call's span when Orleans propagates activities; none when nobody traces.
        using var activity = ActorRecTracing.Source.StartActivity(ActorRecTracing.SessionClickSpan);
        if (activity is null)
        {
            return await ApplyClickAsync(click, cancellationToken);
        }

        activity.SetTag(ActorRecTracing.SessionKeyHashTag, ActorRecTracing.HashKey(this.GetPrimaryKeyString()))
            .SetTag(ActorRecTracing.SeqTag, click.Seq)
            .SetTag(ActorRecTracing.KTag, click.K);
        try
        {
            var response = await ApplyClickAsync(click, cancellationToken);
            activity.SetTag(ActorRecTracing.OutcomeTag, response.Duplicate ? "duplicate" : response.Replayed ? "replayed" : "applied")
                .SetTag(ActorRecTracing.ModelVersionTag, response.ModelVersion);
            return response;
        }
        catch (Exception e)
        {
            ActorRecTracing.RecordFailure(activity, e);
            throw;
        }
    }

    private async Task<SessionRecommendation> ApplyClickAsync(ClickCommand click, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        metrics.ClickReceived(Origin());
        var current = state.State;
        if (click.Seq <= current.LastSeq && current.LastResponse is { } stored)
        {
            // A retry of an applied click: answer as before, change nothing.
            return stored with { Duplicate = true };
        }

        // Strictly one after another: a click whose predecessor failed must not be applied in its place, or the
        // predecessor's retry would be taken for a duplicate and lost.
        var sessionId = this.GetPrimaryKeyString();
        if (click.Seq != current.LastSeq + 1)
        {
            throw new SeqOutOfOrderException(sessionId, click.Seq, current.LastSeq + 1);
        }

        // The caller's deadline is observed until the click is logged: up to there giving up leaves nothing behind,
        // and the caller's retry applies it. From the append on it runs to the end, so that log and state agree.
        cancellationToken.ThrowIfCancellationRequested();
        await HoldSlotAsync(sessionId);
        var exclude = click.ExcludeSeen ? [.. current.History, click.ItemId] : Array.Empty<string>();
        var reply = await inference.StepAsync(
            new InferenceCall(current.Hidden.Length == 0 ? null : current.Hidden, current.ModelVersion, click.ItemId, click.K, exclude),
            cancellationToken);
        var replayed = false;
        if (reply.VersionMismatch)
        {
            // The active model changed since this state was computed: rebuild it from the history under the new
            // model, so the answer is exactly what the new model gives for this session.
            reply = await inference.ReplayAsync([.. current.History, click.ItemId], click.K, exclude, cancellationToken);
            replayed = true;
        }

        // Logged before the state records the click as applied: a click whose append failed is not applied, so its
        // retry is applied (and logged) instead of being answered as a duplicate that never reached the log.
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await clickLog.AppendAsync(new LoggedClick(sessionId, click.Seq, click.ItemId, click.EventType, click.TimestampUnixMs));
        }
        catch (Exception e)
        {
            throw NotApplied(sessionId, click.Seq, "the click log did not take it", e);
        }

        var response = new SessionRecommendation(
            sessionId, click.Seq, reply.Items, reply.ModelVersion, reply.UnknownItem, replayed, Duplicate: false, reply.BatchSize);
        var settings = options.Value;
        var (history, unknown, kept) = SessionHistory.Append(
            current.History, current.HistoryUnknown, click.ItemId, reply.UnknownItem, settings.HistoryCap, settings.MaxUnknownItems);
        if (!kept)
        {
            LogUnknownNotKept(logger, sessionId, click.Seq, settings.MaxUnknownItems);
        }

        state.State = new SessionState
        {
            Hidden = reply.Hidden,
            ModelVersion = reply.ModelVersion,
            History = history,
            HistoryUnknown = unknown,
            LastSeq = click.Seq,
            LastResponse = response,
            UpdatedAtUnixMs = click.TimestampUnixMs,
        };
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            // The unsaved click leaves no trace in memory. The write may still have landed (a timeout after the
            // store applied it), so this activation's view and ETag can no longer be trusted: a fresh activation
            // reads whatever was stored, and the retry is then applied, or answered as the duplicate it is.
            state.State = current;
            DeactivateOnIdle();
            throw NotApplied(sessionId, click.Seq, "the session state could not be saved", e);
        }

        if (current.LastResponse is { } previous)
        {
            onlineAccuracy.RecordNextClick(previous, click.ItemId);
        }

        metrics.ClickApplied(Stopwatch.GetElapsedTime(started));
        return response;
    }

    /// <summary>Where this call entered the cluster, relative to this silo (see <see cref="CallOrigin"/>).</summary>
    private string Origin() => RequestContext.Get(CallOrigin.Key) switch
    {
        CallOrigin.Gateway => "gateway",
        string silo when silo == GrainContext.Address.SiloAddress?.ToParsableString() => "local",
        string => "remote",
        _ => "unknown",
    };

    public async Task<SessionRecommendation> GetRecommendationsAsync(int k, bool excludeSeen, CancellationToken cancellationToken = default)
    {
        var current = state.State;
        var exclude = excludeSeen ? current.History.ToArray() : [];
        var reply = await inference.StepAsync(new InferenceCall(current.Hidden.Length == 0 ? null : current.Hidden, current.ModelVersion, null, k, exclude), cancellationToken);

        // Read before the replay's reply replaces the mismatch reply, whose flag is the only record that it replayed.
        var replayed = reply.VersionMismatch;
        if (replayed)
        {
            reply = await inference.ReplayAsync([.. current.History], k, exclude, cancellationToken);
        }

        return new SessionRecommendation(this.GetPrimaryKeyString(), current.LastSeq, reply.Items, reply.ModelVersion, false, replayed, false, reply.BatchSize);
    }

    public async Task<bool> EndAsync()
    {
        var existed = state.RecordExists;
        await state.ClearStateAsync();
        DeactivateOnIdle();
        return existed;
    }

    /// <summary>
    /// Takes a slot in the tenant's count of active sessions on this activation's first click, and renews it once half
    /// of its lease has passed; throws <see cref="QuotaExceededException"/> when the tenant has no slot left.
    /// </summary>
    private async Task HoldSlotAsync(string key)
    {
        var settings = options.Value;
        var tenant = SessionKey.TenantOf(key);
        var (limit, setting) = tenant.Length == 0
            ? (settings.MaxActiveWithoutTenant, nameof(SessionGrainOptions.MaxActiveWithoutTenant))
            : (settings.MaxActivePerTenant, nameof(SessionGrainOptions.MaxActivePerTenant));
        var now = clock.UtcNow;
        if (limit == 0 || now < _slotRenewAt)
        {
            return;
        }

        // A lease as long as the idle timeout is what "active" means; renewing at half of it keeps a session that is
        // being clicked counted throughout, for one call per half idle timeout.
        var renewal = _slotRenewAt is not null;
        if (!await Slots(tenant).AcquireAsync(key, limit, settings.IdleTimeout, renewal))
        {
            throw new QuotaExceededException(string.Create(
                CultureInfo.InvariantCulture,
                $"{limit} active sessions of {(tenant.Length == 0 ? "no tenant" : $"tenant '{tenant}'")} already, the most {SessionGrainOptions.SectionName}:{setting} allows; a new session is admitted once another ends or has been idle for {settings.IdleTimeout}"));
        }

        _slotRenewAt = now + (settings.IdleTimeout / 2);
    }

    /// <summary>The grain counting the sessions of <paramref name="tenant"/>.</summary>
    /// <remarks>No tenant gets a key of its own that no tenant can have: tenant names cannot contain the separator.</remarks>
    private ITenantSessionsGrain Slots(string tenant) =>
        GrainFactory.GetGrain<ITenantSessionsGrain>(tenant.Length == 0 ? SessionKey.Separator.ToString() : tenant);

    private ClickNotAppliedException NotApplied(string sessionId, long seq, string why, Exception cause)
    {
        LogClickNotApplied(logger, cause, sessionId, seq, why);
        return new ClickNotAppliedException($"seq {seq} of session '{sessionId}' was not applied: {why} ({cause.GetType().Name}: {cause.Message}); retry it with the same seq");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Click {Seq} of session {SessionId}: its unknown item was logged but not kept, the session keeps {MaxUnknownItems} unknown items already")]
    private static partial void LogUnknownNotKept(ILogger logger, string sessionId, long seq, int maxUnknownItems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Click {Seq} of session {SessionId} was not applied: {Why}")]
    private static partial void LogClickNotApplied(ILogger logger, Exception exception, string sessionId, long seq, string why);
}
