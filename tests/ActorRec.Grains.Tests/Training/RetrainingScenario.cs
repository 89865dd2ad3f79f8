using ActorRec.Grains.ClickLog;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Reinforcement;
using ActorRec.Testing;

namespace ActorRec.Grains.Tests.Training;

/// <summary>
/// The real yoochoose-100k training sessions split in time: a GRU4Rec model trained on the older half is the active
/// model, and the newer half is what the click log receives afterwards, with the items that only appear there.
/// Built once per test run; the model is saved as a checkpoint that each test copies into its own model store.
/// </summary>
internal sealed class RetrainingScenario
{
    private static readonly Lazy<RetrainingScenario> Yoochoose = new(() => Build(SharedData.RequireDataSet("yoochoose-100k"), TrainGru4Rec));

    private static readonly Lazy<RetrainingScenario> YoochooseSqn = new(() => Build(SharedData.RequireDataSet("yoochoose-100k"), TrainSqn));

    private readonly string _checkpoint;

    private RetrainingScenario(string checkpoint, string baseVersion, ItemVocabulary baseVocabulary, IReadOnlyList<LoggedSession> logged)
    {
        _checkpoint = checkpoint;
        BaseVersion = baseVersion;
        BaseVocabulary = baseVocabulary;
        Logged = logged;
    }

    /// <summary>The version id of the model trained on the older half.</summary>
    public string BaseVersion { get; }

    public ItemVocabulary BaseVocabulary { get; }

    /// <summary>The newer half's sessions, in the order they started.</summary>
    public IReadOnlyList<LoggedSession> Logged { get; }

    /// <summary>The scenario on yoochoose-100k; skips the calling test when the data set is absent.</summary>
    public static RetrainingScenario Load()
    {
        SharedData.RequireDataSet("yoochoose-100k");
        return Yoochoose.Value;
    }

    /// <summary>The same scenario with an SQN model (GRU, supervised head and one Q head) as the active model.</summary>
    public static RetrainingScenario LoadSqn()
    {
        SharedData.RequireDataSet("yoochoose-100k");
        return YoochooseSqn.Value;
    }

    /// <summary>Copies the base model's checkpoint into <paramref name="storeDirectory"/>.</summary>
    public void InstallBase(string storeDirectory)
    {
        var target = Path.Combine(storeDirectory, "base");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(_checkpoint))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    /// <summary>
    /// The clicks of <paramref name="sessions"/> as the log holds them: interleaved across sessions by time, each
    /// session's clicks numbered from 1, moved in time so that the newest click of the data set was a minute ago (the
    /// trainer leaves out clicks older than its window); <paramref name="relabel"/> replaces item ids.
    /// </summary>
    public IEnumerable<LoggedClick> Clicks(IEnumerable<LoggedSession> sessions, Func<string, string>? relabel = null)
    {
        var shift = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds() - Logged.Max(s => s.TimestampsUnixMs[^1]);
        return sessions
            .SelectMany(s => s.Items.Select((item, i) => new LoggedClick(s.Id, i + 1, relabel?.Invoke(item) ?? item, EventTypes.Click, s.TimestampsUnixMs[i] + shift)))
            .OrderBy(c => c.TimestampUnixMs)
            .ThenBy(c => c.SessionId, StringComparer.Ordinal)
            .ThenBy(c => c.Seq);
    }

    private static Gru4RecModel TrainGru4Rec(SessionDataset data) =>
        new Gru4RecTrainer(Gru4RecOptions.Rsc15CrossEntropy with { Layers = [64], Epochs = 2, NSample = 512, Seed = 11 }).Train(data);

    /// <summary>One epoch: enough for the supervised head to beat chance, which is all the gate needs to compare against.</summary>
    private static Gru4RecModel TrainSqn(SessionDataset data) =>
        new QLearningTrainer(Gru4RecOptions.QLearningGru with { Layers = [64], Epochs = 1, Seed = 11 }, QLearningOptions.Sqn).Train(data);

    private static RetrainingScenario Build(string folder, Func<SessionDataset, Gru4RecModel> trainBase)
    {
        var train = new Preprocessor().Prepare(DataSets.Load(folder)).Train;
        var sessions = Enumerable.Range(0, train.SessionCount).Select(s => new LoggedSession(
            train.SessionIds[s],
            [.. train.SessionItems(s).ToArray().Select(i => train.Vocabulary[i])],
            [.. Enumerable.Range(train.SessionOffsets[s], train.SessionLength(s)).Select(e => (long)(train.Timestamps![e] * 1000))])).ToList();
        var older = sessions[..(sessions.Count / 2)];
        var newer = sessions[(sessions.Count / 2)..];

        var vocabulary = new ItemVocabulary();
        var items = new List<int>();
        var offsets = new List<int> { 0 };
        foreach (var session in older)
        {
            items.AddRange(session.Items.Select(vocabulary.GetOrAdd));
            offsets.Add(items.Count);
        }

        var data = new SessionDataset(vocabulary, [.. items], [.. offsets], [.. older.Select(s => s.Id)], new byte[items.Count], [EventTypes.Click]);
        using var model = trainBase(data);
        var checkpoint = Path.Combine(Path.GetTempPath(), "actorrec-grains-tests", "retraining-base-" + Guid.NewGuid().ToString("N"));
        var manifest = Checkpoint.Save(checkpoint, model, new DataInfo("older half", folder, data.EventCount, data.SessionCount, 0, 0), [], new Dictionary<string, double>(), null);
        return new RetrainingScenario(checkpoint, manifest.VersionId, vocabulary, newer);
    }
}
