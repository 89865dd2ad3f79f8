using System.Diagnostics;
using System.Globalization;
using ActorRec.Abstractions;
using ActorRec.Grains.ClickLog;
using ActorRec.Grains.Runtime;
using ActorRec.Grains.Serving;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorRec.Grains.Training;

/// <summary>
/// The cluster's trainer: follows the click log, starts a retraining run when enough clicks are new or the schedule is
/// due, hands the run to the training thread, and promotes the candidate through the model registry only when it
/// passed the quality gate and the model it was compared with is still the active one. Every run ends in a recorded
/// decision, whatever happens to it.
/// </summary>
/// <remarks>
/// A run outlives the call that started it: its task continues on this activation between other calls, and the
/// activation is kept alive until it ends. The state shares the registry's storage provider: both are small,
/// cluster-wide records that must survive the silo that holds them.
/// </remarks>
[TrainingSiloPlacementFilter]
internal sealed partial class TrainerGrain(
    [PersistentState("trainer", GrainStorageNames.Registry)] IPersistentState<TrainerState> state,
    IClickLog clickLog,
    ModelStore store,
    TrainingWorker worker,
    ITrainingObserver observer,
    IOptions<TrainingOptions> options,
    IOptions<AdminOptions> admin,
    LimitClock clock,
    ILocalSiloDetails silo,
    ILogger<TrainerGrain> logger) : Grain, ITrainerGrain
{
    /// <summary>Longest one call spends counting a backlog of clicks, far inside Orleans' response timeout; the rest is counted by the next call.</summary>
    private static readonly TimeSpan CountBudget = TimeSpan.FromSeconds(5);

    private readonly TrainingOptions _options = options.Value;
    private DateTimeOffset _activatedAt;
    private ActiveRun? _running;

    private IModelRegistryGrain Registry => GrainFactory.GetGrain<IModelRegistryGrain>(0);

    private long NewClicks => state.State.ClicksCounted - state.State.ClicksAtLastRun;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The placement filter keeps the trainer on silos that allow training; this guards a silo whose options say
        // otherwise from ever training, should its metadata and its options disagree.
        if (!_options.Enabled)
        {
            throw new InvalidOperationException($"This silo does not allow training ({TrainingOptions.SectionName}:{nameof(TrainingOptions.Enabled)} is false).");
        }

        _activatedAt = DateTimeOffset.UtcNow;
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_running is { } run)
        {
            LogStopping(logger, run.RunId, reason.ToString());
            await run.Cancellation.CancelAsync();

            // The run records its own (failed) decision once the training thread has let go of it.
            await run.Task.WaitAsync(_options.StopTimeout, cancellationToken)
                .ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async Task CheckAsync()
    {
        // Without an active model there is nothing to warm-start from: a scheduled look waits for one rather than
        // recording a failed run every interval (an explicit trigger still says why it cannot run).
        if (_running is not null || await Registry.GetActiveAsync() is null)
        {
            return;
        }

        await CountNewClicksAsync();
        var now = DateTimeOffset.UtcNow;
        if (_options.MinNewClicks > 0 && NewClicks >= _options.MinNewClicks)
        {
            await StartAsync("new-clicks");
        }
        else if (_options.Interval > TimeSpan.Zero && NewClicks > 0 && now - (state.State.LastRunAt ?? _activatedAt) >= _options.Interval)
        {
            await StartAsync("schedule");
        }
    }

    public async Task<RetrainTicket> TriggerAsync(bool force)
    {
        // Held in this grain's stored state: one trainer serves the whole cluster, whichever gateway the operator used.
        // The trainer's own runs (CheckAsync) neither observe nor start it.
        var now = clock.UtcNow;
        OperatorCooldown.ThrowIfCooling("TriggerRetrain", nameof(AdminOptions.RetrainCooldown), admin.Value.RetrainCooldown, state.State.LastOperatorRunAt, now);
        if (_running is { } run)
        {
            return new RetrainTicket(run.RunId, false, $"run {run.RunId} is in progress");
        }

        await CountNewClicksAsync();
        var needed = Math.Max(1, _options.MinNewClicks);
        if (!force && NewClicks < needed)
        {
            return new RetrainTicket("", false, string.Create(CultureInfo.InvariantCulture, $"{NewClicks} new clicks, fewer than the {needed} a run needs; force to retrain anyway"));
        }

        state.State.LastOperatorRunAt = now;
        var runId = await StartAsync(force ? "manual-forced" : "manual");
        return new RetrainTicket(runId, true, $"run {runId} started");
    }

    public Task<TrainingDecision[]> ListDecisionsAsync(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var decisions = state.State.Decisions;
        return Task.FromResult(limit == 0 ? decisions.ToArray() : decisions.Take(limit).ToArray());
    }

    public async Task<TrainerStatus> GetStatusAsync()
    {
        if (_running is null)
        {
            await CountNewClicksAsync();
        }

        var lastRun = state.State.LastRunAt;
        DateTimeOffset? next = _options.Interval > TimeSpan.Zero ? (lastRun ?? _activatedAt) + _options.Interval : null;
        return new TrainerStatus(_running?.RunId, _running?.StartedAt, NewClicks, _options.MinNewClicks, lastRun, next, silo.SiloAddress.ToString());
    }

    /// <summary>Reads the log from the last counted position, recording a mark at every page, until it is caught up or the budget is spent.</summary>
    private async Task CountNewClicksAsync()
    {
        var current = state.State;
        var clock = Stopwatch.StartNew();
        var changed = false;
        while (clock.Elapsed < CountBudget)
        {
            var position = current.Position;

            // The log may read files: keep that off the grain's scheduler thread.
            var page = await Task.Run(() => clickLog.ReadAsync(position, _options.ReadPageSize));
            if (page.Clicks.Count == 0)
            {
                break;
            }

            current.Marks.Add(new LogMark(position, current.ClicksCounted));
            current.ClicksCounted += page.Clicks.Count;
            current.Position = page.Next;
            changed = true;
        }

        if (changed)
        {
            DropMarksBeforeWindow();
            await state.WriteStateAsync();
        }
    }

    /// <summary>Keeps the newest mark from which a window of <see cref="TrainingOptions.WindowClicks"/> can be read, and those after it.</summary>
    private void DropMarksBeforeWindow()
    {
        var marks = state.State.Marks;
        var first = marks.FindLastIndex(m => state.State.ClicksCounted - m.ClicksBefore >= _options.WindowClicks);
        if (first > 0)
        {
            marks.RemoveRange(0, first);
        }
    }

    /// <summary>Records the run's start in the state and sets it going; returns its id without waiting for it.</summary>
    private async Task<string> StartAsync(string trigger)
    {
        var current = state.State;
        var now = DateTimeOffset.UtcNow;
        current.Runs++;
        var runId = string.Create(CultureInfo.InvariantCulture, $"run-{current.Runs}-{now:yyyyMMdd'T'HHmmss'Z'}");
        var start = current.Marks.Count > 0 ? current.Marks[0] : new LogMark(current.Position, current.ClicksCounted);
        var window = current.ClicksCounted - start.ClicksBefore;
        var newClicks = NewClicks;
        current.ClicksAtLastRun = current.ClicksCounted;
        current.LastRunAt = now;
        await state.WriteStateAsync();

        // Until the run ends, idle collection must not deactivate the grain that will record its decision.
        DelayDeactivation(TimeSpan.FromDays(1));
        var run = new ActiveRun(runId, trigger, now);
        _running = run;
        LogStarted(logger, runId, trigger, newClicks, window);
        run.Task = RunAsync(run, start.Position, window, newClicks, (int)(current.Runs % int.MaxValue));
        return runId;
    }

    private async Task RunAsync(ActiveRun run, string windowStart, long windowClicks, long newClicks, int seed)
    {
        var decision = new TrainingDecision
        {
            RunId = run.RunId,
            Trigger = run.Trigger,
            StartedAt = run.StartedAt,
            GateMetric = _options.GateMetric,
            Margin = _options.Margin,
            NewClicks = newClicks,
        };
        RetrainingResult? result = null;
        RetrainingJob? job = null;
        var published = false;
        try
        {
            var active = await Registry.GetActiveAsync()
                ?? throw new NoActiveModelException("no model is active: a candidate is warm-started from the active model");
            decision = decision with { BaseVersion = active.VersionId };
            var entry = await Task.Run(() => store.Find(active.VersionId))
                ?? throw new UnknownModelVersionException($"the active version {active.VersionId} is not in the model store");
            var request = new RetrainingRequest(run.RunId, entry, windowStart, windowClicks, seed);
            job = new RetrainingJob(clickLog, store, _options, observer, logger);
            result = await worker.RunAsync(token => job.Run(request, token), run.Cancellation.Token);
            decision = WithResult(decision, result);
            if (!result.Passed)
            {
                decision = decision with { Outcome = TrainingOutcome.Rejected, Reason = result.Reason };
            }
            else
            {
                decision = await PublishAsync(decision, result, active.VersionId);
                published = decision.Outcome == TrainingOutcome.Promoted;
            }
        }
        catch (OperationCanceledException) when (run.Cancellation.IsCancellationRequested)
        {
            decision = Failed(decision, job, "cancelled: the silo hosting the trainer is shutting down; nothing was published");
        }
        catch (Exception e)
        {
            decision = Failed(decision, job, $"{e.GetType().Name}: {e.Message}; nothing was published");
            LogRunFailed(logger, run.RunId, e);
        }
        finally
        {
            if (result?.SavedDirectory is { } saved && !published)
            {
                // Saved but never made active (the gate passed, then activation failed or was overtaken): the store
                // keeps only versions that served.
                await Task.Run(() => DeleteQuietly(saved));
            }

            var finished = DateTimeOffset.UtcNow;
            decision = decision with { FinishedAt = finished, TotalSeconds = (finished - run.StartedAt).TotalSeconds };
            try
            {
                await RecordAsync(decision);
            }
            catch (Exception e)
            {
                // Nobody awaits the run: say so here, and leave the trainer free for the next run all the same.
                LogRecordFailed(logger, run.RunId, e);
            }

            _running = null;
            run.Cancellation.Dispose();
            DelayDeactivation(TimeSpan.FromMilliseconds(-1));
        }
    }

    /// <summary>Activates the saved candidate unless the active model changed while it trained; then prunes the store.</summary>
    private async Task<TrainingDecision> PublishAsync(TrainingDecision decision, RetrainingResult result, string baseVersion)
    {
        var clock = Stopwatch.StartNew();
        var current = await Registry.GetActiveAsync();
        if (current?.VersionId != baseVersion)
        {
            return decision with
            {
                Outcome = TrainingOutcome.Rejected,
                Reason = $"the active model changed from {baseVersion} to {current?.VersionId ?? "none"} while the candidate trained; it was compared with a model that no longer serves",
            };
        }

        var candidate = result.SavedVersion!;
        await Registry.PromoteAsync(candidate);
        var publishSeconds = result.SaveSeconds + clock.Elapsed.TotalSeconds;
        LogPromoted(logger, decision.RunId, candidate, baseVersion);
        try
        {
            // The version it replaced stays, whatever its age: it is where a rollback goes.
            var pruned = await Task.Run(() => store.PruneExcept([candidate, baseVersion]));
            LogPruned(logger, pruned.Count, store.Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The candidate serves already: a store that cannot be tidied now is tidied after the next promotion.
            LogPruneFailed(logger, store.Directory, e);
        }

        return decision with
        {
            Outcome = TrainingOutcome.Promoted,
            Reason = result.Reason,
            CandidateVersion = candidate,
            PublishSeconds = publishSeconds,
        };
    }

    private async Task RecordAsync(TrainingDecision decision)
    {
        var decisions = state.State.Decisions;
        decisions.Insert(0, decision);
        if (decisions.Count > _options.KeepDecisions)
        {
            decisions.RemoveRange(_options.KeepDecisions, decisions.Count - _options.KeepDecisions);
        }

        LogDecision(logger, decision.RunId, decision.Outcome.ToString(), decision.Reason);
        await state.WriteStateAsync();
    }

    /// <summary>A failed decision with what the run had established before it stopped (the job's state is final once its task ended).</summary>
    private static TrainingDecision Failed(TrainingDecision decision, RetrainingJob? job, string reason) =>
        (job is null || decision.LogClicks > 0 ? decision : WithResult(decision, job.Progress)) with { Outcome = TrainingOutcome.Failed, Reason = reason };

    private static TrainingDecision WithResult(TrainingDecision decision, RetrainingResult result) => decision with
    {
        CandidateMetrics = result.CandidateMetrics,
        ActiveMetrics = result.ActiveMetrics,
        LogClicks = result.LogClicks,
        TrainingSessions = result.TrainingSessions,
        TrainingEvents = result.TrainingEvents,
        BaseSessions = result.BaseSessions,
        HoldoutSessions = result.HoldoutSessions,
        HoldoutTargets = result.HoldoutTargets,
        NewItems = result.NewItems,
        ItemCount = result.ItemCount,
        Epochs = result.Epochs,
        PrepareSeconds = result.PrepareSeconds,
        TrainSeconds = result.TrainSeconds,
        EvaluateSeconds = result.EvaluateSeconds,
    };

    private void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(logger, directory, e);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Retraining {RunId} started ({Trigger}): {NewClicks} new clicks, a window of {WindowClicks} clicks")]
    private static partial void LogStarted(ILogger logger, string runId, string trigger, long newClicks, long windowClicks);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Retraining {RunId}: {Outcome}, {Reason}")]
    private static partial void LogDecision(ILogger logger, string runId, string outcome, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Retraining {RunId}: promoted {Candidate} over {Base}")]
    private static partial void LogPromoted(ILogger logger, string runId, string candidate, string @base);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Retraining {RunId} failed")]
    private static partial void LogRunFailed(ILogger logger, string runId, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Stopping retraining {RunId}: the trainer is deactivating ({Reason})")]
    private static partial void LogStopping(ILogger logger, string runId, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Could not delete the unpublished checkpoint {Directory}")]
    private static partial void LogDeleteFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Pruned {Count} old model version(s) from {Directory}")]
    private static partial void LogPruned(ILogger logger, int count, string directory);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Could not prune the model store {Directory}")]
    private static partial void LogPruneFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "Could not store the decision of retraining {RunId}")]
    private static partial void LogRecordFailed(ILogger logger, string runId, Exception exception);

    /// <summary>A run in progress: its identity, the token that stops it, and the task that ends with its decision recorded.</summary>
    private sealed class ActiveRun(string runId, string trigger, DateTimeOffset startedAt)
    {
        public string RunId { get; } = runId;

        public string Trigger { get; } = trigger;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public CancellationTokenSource Cancellation { get; } = new();

        public Task Task { get; set; } = Task.CompletedTask;
    }
}
