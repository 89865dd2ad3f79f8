using System.Diagnostics;
using System.Globalization;
using ActorRec.Grains.ClickLog;
using ActorRec.Grains.Serving;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Scoring;
using ActorRec.Models.Sessions;
using ActorRec.Models.Training;
using Microsoft.Extensions.Logging;

namespace ActorRec.Grains.Training;

/// <summary>
/// One retraining run, executed synchronously on the training thread: read the log window, build the training set,
/// warm-start a candidate from the active model, train it, evaluate both on the newest sessions and, when the candidate
/// passes the gate, save it to the model store. Activating it is the trainer grain's part.
/// </summary>
/// <remarks>
/// Nothing is written before the gate has passed, and <see cref="Checkpoint.Save"/> renames a complete folder into
/// place: an exception or a cancellation at any point leaves the model store as it was.
/// </remarks>
internal sealed partial class RetrainingJob(
    IClickLog clickLog,
    ModelStore store,
    TrainingOptions options,
    ITrainingObserver observer,
    ILogger logger)
{
    /// <summary>Recall and MRR are always recorded at this cutoff, whatever the gate compares, so decisions stay comparable.</summary>
    private const int ReportedCutoff = 20;

    /// <summary>Data source recorded in the manifest of a candidate trained on the click log alone.</summary>
    private const string ClickLogSource = "click-log";

    private const string ManifestBaseData = "manifest";

    /// <summary>
    /// What the run has established so far: the data's size once it is prepared, the epochs and timings once trained.
    /// Read it after <see cref="Run"/> threw, to record how far a failed run got.
    /// </summary>
    public RetrainingResult Progress { get; private set; } = new();

    public RetrainingResult Run(RetrainingRequest request, CancellationToken cancellationToken)
    {
        var gate = GateMetric.Parse(options.GateMetric);
        var device = TorchSharp.torch.device(options.Device);
        var clock = Stopwatch.StartNew();

        var clicks = ReadWindow(request, cancellationToken);
        var (active, manifest) = Checkpoint.Load(request.Active.Directory, device);
        using var activeModel = active;
        var (baseSessions, baseSource) = LoadBaseData(manifest);
        var set = TrainingSetBuilder.Build(clicks, active.Vocabulary, baseSessions, options);
        var prepareSeconds = clock.Elapsed.TotalSeconds;
        var result = new RetrainingResult
        {
            LogClicks = clicks.Count,
            TrainingSessions = set.Train.SessionCount,
            TrainingEvents = set.Train.EventCount,
            BaseSessions = set.BaseSessions,
            HoldoutSessions = set.Holdout.SessionCount,
            HoldoutTargets = set.Holdout.TargetCount,
            NewItems = set.NewItems,
            ItemCount = set.Vocabulary.Count,
            PrepareSeconds = prepareSeconds,
        };
        Progress = result;
        LogPrepared(logger, request.RunId, clicks.Count, set.Train.SessionCount, set.BaseSessions, set.Holdout.SessionCount, set.Holdout.TargetCount, set.NewItems, prepareSeconds);

        if (set.Holdout.TargetCount < options.MinHoldoutTargets)
        {
            return result with { Reason = string.Create(CultureInfo.InvariantCulture, $"too little data to judge a candidate: {set.Holdout.TargetCount} held-out targets, at least {options.MinHoldoutTargets} needed") };
        }

        if (set.Train.TargetCount == 0)
        {
            return result with { Reason = "no training sessions: every session of the window was held out or had fewer than two known items" };
        }

        cancellationToken.ThrowIfCancellationRequested();
        var newItems = set.Vocabulary.Ids.Skip(active.ItemCount).ToList();
        // The candidate is of the active model's kind, warm-started with all its heads and trained by its own trainer.
        using var candidate = active.ExtendVocabulary(newItems, request.Seed);
        candidate.Name = "candidate";
        var history = new List<EpochRecord>();
        clock.Restart();
        candidate.ContinueTraining(
            set.Train,
            new ContinuedTraining(options.Epochs, options.LearningRate, options.LearningRateScale),
            onEpoch: epoch =>
            {
                history.Add(new EpochRecord(epoch.Epoch, epoch.MeanLoss, epoch.Seconds, epoch.TargetsPerSecond, null, null));
                Progress = Progress with { Epochs = history.Count, TrainSeconds = history.Sum(e => e.Seconds) };
                observer.EpochCompleted(request.RunId, epoch);
            },
            cancellationToken: cancellationToken);
        var trainSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var evaluation = new EvaluationOptions
        {
            Cutoffs = [.. new[] { gate.K, ReportedCutoff }.Distinct().Order()],
            BatchSize = options.EvaluationBatchSize,

            // The holdout is ranked on the training thread's budget, not on every core the silo's requests need.
            FusedScoring = new FusedScorerOptions { Threads = options.Threads },
        };
        var evaluator = new Evaluator(evaluation);
        var candidateReport = evaluator.Evaluate(candidate, set.Holdout, cancellationToken);
        var activeReport = evaluator.Evaluate(new ExtendedCatalogScorer(active, set.Vocabulary), set.Holdout, cancellationToken);
        var evaluateSeconds = clock.Elapsed.TotalSeconds;
        var candidateScore = gate.Read(candidateReport);
        var activeScore = gate.Read(activeReport);
        var passed = candidateScore >= activeScore - options.Margin;
        var comparison = string.Create(
            CultureInfo.InvariantCulture,
            $"{gate.Name} {candidateScore:F4} (candidate) vs {activeScore:F4} (active {request.Active.VersionId}), margin {options.Margin:F4}");
        result = result with
        {
            Epochs = history.Count,
            TrainSeconds = trainSeconds,
            EvaluateSeconds = evaluateSeconds,
            CandidateMetrics = GateMetric.All(candidateReport),
            ActiveMetrics = GateMetric.All(activeReport),
        };
        Progress = result;
        LogEvaluated(logger, request.RunId, comparison, passed);
        if (!passed)
        {
            return result with { Reason = $"below the gate: {comparison}" };
        }

        cancellationToken.ThrowIfCancellationRequested();
        clock.Restart();
        var directory = store.NewCheckpointDirectory();
        var data = new DataInfo(
            DataFingerprint.Compute(set.Train, set.Holdout),
            baseSource ?? ClickLogSource,
            set.Train.EventCount,
            set.Train.SessionCount,
            set.Holdout.EventCount,
            set.Holdout.SessionCount);
        var saved = Checkpoint.Save(
            directory,
            candidate,
            data,
            history,
            result.CandidateMetrics,
            new EvaluationSettings("standard", evaluation.BatchSize, evaluation.Cutoffs));
        return result with
        {
            Passed = true,
            Reason = $"passed the gate: {comparison}",
            SavedVersion = saved.VersionId,
            SavedDirectory = directory,
            SaveSeconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>
    /// Reads the window's clicks from the log, keeping only the newest <see cref="TrainingOptions.WindowClicks"/> and
    /// those younger than <see cref="TrainingOptions.WindowAge"/>.
    /// </summary>
    private List<LoggedClick> ReadWindow(RetrainingRequest request, CancellationToken cancellationToken)
    {
        var oldest = DateTimeOffset.UtcNow.Subtract(options.WindowAge).ToUnixTimeMilliseconds();
        var window = new Queue<LoggedClick>();
        var position = request.WindowStart;
        var remaining = request.WindowClicks;
        while (remaining > 0)
        {
            // The training thread is this job's own: blocking it on the log's I/O holds up nothing else.
            var page = clickLog.ReadAsync(position, (int)Math.Min(options.ReadPageSize, remaining), cancellationToken).GetAwaiter().GetResult();
            if (page.Clicks.Count == 0)
            {
                break;
            }

            foreach (var click in page.Clicks)
            {
                if (click.TimestampUnixMs < oldest)
                {
                    continue;
                }

                window.Enqueue(click);
                if (window.Count > options.WindowClicks)
                {
                    window.Dequeue();
                }
            }

            remaining -= page.Clicks.Count;
            position = page.Next;
        }

        return [.. window];
    }

    /// <summary>The base data set's training sessions and its source, or nulls when none is configured or found.</summary>
    private (SessionDataset? Sessions, string? Source) LoadBaseData(CheckpointManifest activeManifest)
    {
        var spec = options.BaseData.Trim();
        if (spec.Length == 0)
        {
            return (null, null);
        }

        if (string.Equals(spec, ManifestBaseData, StringComparison.OrdinalIgnoreCase))
        {
            spec = activeManifest.Data.Source;
        }

        var folder = Directory.Exists(spec) ? spec : DataSets.FindSharedDataSet(spec);
        if (folder is null || DataSets.DetectLayout(folder) is null)
        {
            LogNoBaseData(logger, spec);
            return (null, null);
        }

        // Support 1: the base sessions are mapped onto the candidate's vocabulary, which drops the items it lacks.
        var prepared = new Preprocessor(new PreprocessOptions { MinItemSupport = 1 }).Prepare(DataSets.Load(folder));
        return (prepared.Train, Path.GetFullPath(folder));
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Retraining {RunId}: {Clicks} logged clicks, {Sessions} training sessions ({BaseSessions} from the base data), {HoldoutSessions} held out ({HoldoutTargets} targets), {NewItems} new items; prepared in {Seconds:F1} s")]
    private static partial void LogPrepared(ILogger logger, string runId, int clicks, int sessions, int baseSessions, int holdoutSessions, long holdoutTargets, int newItems, double seconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Retraining {RunId}: {Comparison}; passed = {Passed}")]
    private static partial void LogEvaluated(ILogger logger, string runId, string comparison, bool passed);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Base data '{Spec}' is not a data set folder or a known data set: training on the click log alone")]
    private static partial void LogNoBaseData(ILogger logger, string spec);
}
