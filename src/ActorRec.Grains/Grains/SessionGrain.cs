using System.Diagnostics;
using ActorRec.Abstractions;
using ActorRec.Grains.ClickLog;
using ActorRec.Grains.OnlineMetrics;
using Microsoft.Extensions.Options;

namespace ActorRec.Grains.Grains;

/// <summary>
/// One visitor session: holds the GRU hidden state and advances it by one step per click through the silo's
/// inference worker, so a click costs O(1) model work whatever the session's length. Idle sessions are
/// collected after <see cref="SessionGrainOptions.IdleTimeout"/> (configured as the class's collection age).
/// Every applied click goes to the silo's click log, and is scored against the answer served for the previous one
/// for the online metrics.
/// </summary>
internal sealed class SessionGrain(
    [PersistentState("session", GrainStorageNames.Sessions)] IPersistentState<SessionState> state,
    IOptions<SessionGrainOptions> options,
    IClickLog clickLog,
    OnlineAccuracyWindow onlineAccuracy,
    ServingMetrics metrics) : Grain, ISessionGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        metrics.SessionActivated();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.SessionDeactivated();
        return Task.CompletedTask;
    }

    public async Task<SessionRecommendation> ClickAsync(ClickCommand click)
    {
        var started = Stopwatch.GetTimestamp();
        var current = state.State;
        if (click.Seq <= current.LastSeq && current.LastResponse is { } stored)
        {
            // A retry of an applied click: answer as before, change nothing.
            return stored with { Duplicate = true };
        }

        var exclude = click.ExcludeSeen ? [.. current.History, click.ItemId] : Array.Empty<string>();
        var inference = GrainFactory.GetGrain<IInferenceGrain>(0);
        var reply = await inference.StepAsync(new InferenceCall(
            current.Hidden.Length == 0 ? null : current.Hidden, current.ModelVersion, click.ItemId, click.K, exclude));
        var replayed = false;
        if (reply.VersionMismatch)
        {
            // The active model changed since this state was computed: rebuild it from the history under the new
            // model, so the answer is exactly what the new model gives for this session.
            reply = await inference.ReplayAsync([.. current.History, click.ItemId], click.K, exclude);
            replayed = true;
        }

        // Logged before the state records the click as applied: a click whose append failed is not applied, so its
        // retry is applied (and logged) instead of being answered as a duplicate that never reached the log.
        var sessionId = this.GetPrimaryKeyString();
        await clickLog.AppendAsync(new LoggedClick(sessionId, click.Seq, click.ItemId, click.EventType, click.TimestampUnixMs));

        var previous = current.LastResponse;
        var history = current.History;
        history.Add(click.ItemId);
        if (history.Count > options.Value.HistoryCap)
        {
            history.RemoveRange(0, history.Count - options.Value.HistoryCap);
        }

        var response = new SessionRecommendation(
            sessionId, click.Seq, reply.Items, reply.ModelVersion, reply.UnknownItem, replayed, Duplicate: false, reply.BatchSize);
        current.Hidden = reply.Hidden;
        current.ModelVersion = reply.ModelVersion;
        current.LastSeq = click.Seq;
        current.LastResponse = response;
        current.UpdatedAtUnixMs = click.TimestampUnixMs;
        await state.WriteStateAsync();
        if (previous is not null)
        {
            onlineAccuracy.RecordNextClick(previous, click.ItemId);
        }

        metrics.ClickApplied(Stopwatch.GetElapsedTime(started));
        return response;
    }

    public async Task<SessionRecommendation> GetRecommendationsAsync(int k, bool excludeSeen)
    {
        var current = state.State;
        var exclude = excludeSeen ? current.History.ToArray() : [];
        var inference = GrainFactory.GetGrain<IInferenceGrain>(0);
        var reply = await inference.StepAsync(new InferenceCall(current.Hidden.Length == 0 ? null : current.Hidden, current.ModelVersion, null, k, exclude));

        // Read before the replay's reply replaces the mismatch reply, whose flag is the only record that it replayed.
        var replayed = reply.VersionMismatch;
        if (replayed)
        {
            reply = await inference.ReplayAsync([.. current.History], k, exclude);
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
}
