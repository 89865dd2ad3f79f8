using System.Globalization;

namespace ActorRec.Models.Data;

/// <summary>
/// Turns click logs into training and test <see cref="SessionDataset"/>s the GRU4Rec way: filter the training
/// sessions, split by time when no test log is given, and keep only test events on items the model can know.
/// </summary>
public sealed class Preprocessor
{
    private const string TrainSplit = "train";
    private const string TestSplit = "test";
    private const double SecondsPerDay = 86_400;

    private readonly PreprocessOptions _options;

    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">An option is out of range.</exception>
    public Preprocessor(PreprocessOptions? options = null)
    {
        _options = options ?? new PreprocessOptions();
        _options.Validate();
    }

    public PreprocessOptions Options => _options;

    public PreparedData Prepare(DataSetLogs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        return Prepare(logs.Train, logs.Test);
    }

    /// <summary>
    /// Prepares <paramref name="train"/> and <paramref name="test"/>, or, when <paramref name="test"/> is null,
    /// splits <paramref name="train"/> by time first (see <see cref="PreprocessOptions.TestDays"/>).
    /// </summary>
    /// <remarks>
    /// Filtering looks at training events only, after the split, so test sessions never decide which training
    /// items survive. The vocabulary indexes training items by first appearance in the time-ordered training
    /// data; event type index 0 is always <see cref="EventTypes.Click"/>.
    /// </remarks>
    /// <exception cref="InvalidOperationException">A time split was needed but the log has no timestamps.</exception>
    public PreparedData Prepare(ClickLog train, ClickLog? test = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        var rawItems = new ItemVocabulary();
        var eventTypes = new ItemVocabulary([EventTypes.Click]);
        var read = new Dictionary<string, DataCounts>(StringComparer.Ordinal);
        var malformed = new Dictionary<string, int>(StringComparer.Ordinal);
        var steps = new List<PreprocessStep>();

        var trainTable = SessionTable.FromLog(train, rawItems, eventTypes);
        read[train.Source] = trainTable.Counts(rawItems.Count);
        malformed[train.Source] = train.MalformedRows.Count;
        SessionTable testTable;
        var testHasTimestamps = train.HasTimestamps;
        if (test is null)
        {
            (trainTable, testTable) = _options.Split == TestSplitMethod.Sessions
                ? SplitBySessions(trainTable, rawItems.Count, steps)
                : SplitByTime(train, trainTable, rawItems.Count, steps);
        }
        else
        {
            testTable = SessionTable.FromLog(test, rawItems, eventTypes);
            read[test.Source] = testTable.Counts(rawItems.Count);
            malformed[test.Source] = test.MalformedRows.Count;
            testHasTimestamps = test.HasTimestamps;
        }

        trainTable = FilterTraining(trainTable, rawItems.Count, steps);

        var vocabulary = new ItemVocabulary();
        var denseOf = new int[rawItems.Count];
        Array.Fill(denseOf, -1);
        foreach (var raw in trainTable.Items)
        {
            if (denseOf[raw] < 0)
            {
                denseOf[raw] = vocabulary.GetOrAdd(rawItems[raw]);
            }
        }

        var known = Array.ConvertAll(denseOf, dense => dense >= 0);
        testTable = Apply(testTable, table => table.KeepItems(known), TestSplit, "drop items not in the training vocabulary", rawItems.Count, steps);
        var minTestLength = _options.MinTestSessionLength;
        testTable = Apply(testTable, table => table.KeepSessions(s => table.Length(s) >= minTestLength), TestSplit, $"session length >= {minTestLength}", rawItems.Count, steps);

        IReadOnlyList<string> eventTypeNames = [.. eventTypes.Ids];
        var statistics = new PreprocessStatistics(read, malformed, steps);
        return new PreparedData(
            ToDataset(trainTable, vocabulary, denseOf, eventTypeNames, train.HasTimestamps),
            ToDataset(testTable, vocabulary, denseOf, eventTypeNames, testHasTimestamps),
            statistics);
    }

    /// <summary>
    /// Draws round(TestFraction x sessions) test sessions with <see cref="PreprocessOptions.SplitSeed"/>. The draw
    /// shuffles the sessions in session id order, so it depends on the ids and the seed only, not on how the file
    /// orders its rows: the same log in any format splits the same way.
    /// </summary>
    private (SessionTable Train, SessionTable Test) SplitBySessions(SessionTable all, int rawItemCount, List<PreprocessStep> steps)
    {
        var order = Enumerable.Range(0, all.SessionCount).ToArray();
        var ids = all.SessionIds;
        Array.Sort(order, (a, b) => string.CompareOrdinal(ids[a], ids[b]));
        new Random(_options.SplitSeed).Shuffle(order);
        var testCount = (int)Math.Round(_options.TestFraction * all.SessionCount, MidpointRounding.AwayFromZero);
        var isTest = new bool[all.SessionCount];
        foreach (var session in order.AsSpan(0, testCount))
        {
            isTest[session] = true;
        }

        var fraction = _options.TestFraction.ToString(CultureInfo.InvariantCulture);
        var before = all.Counts(rawItemCount);
        var train = all.KeepSessions(s => !isTest[s]);
        var test = all.KeepSessions(s => isTest[s]);
        steps.Add(new PreprocessStep(TrainSplit, $"session split: the sessions not drawn (fraction {fraction}, seed {_options.SplitSeed})", before, train.Counts(rawItemCount)));
        steps.Add(new PreprocessStep(TestSplit, $"session split: a random {fraction} of the sessions (seed {_options.SplitSeed})", before, test.Counts(rawItemCount)));
        return (train, test);
    }

    private (SessionTable Train, SessionTable Test) SplitByTime(ClickLog log, SessionTable all, int rawItemCount, List<PreprocessStep> steps)
    {
        if (!log.HasTimestamps)
        {
            throw new InvalidOperationException($"{log.Source} has no timestamps (order only), so it cannot be split by time; split by sessions or give a test log.");
        }

        var latest = double.NegativeInfinity;
        for (var s = 0; s < all.SessionCount; s++)
        {
            latest = Math.Max(latest, all.End(s));
        }

        var threshold = latest - (_options.TestDays * SecondsPerDay);
        var anchor = _options.SplitAnchor;
        var isTest = new bool[all.SessionCount];
        for (var s = 0; s < isTest.Length; s++)
        {
            isTest[s] = (anchor == TimeSplitAnchor.SessionEnd ? all.End(s) : all.Start(s)) >= threshold;
        }

        var days = _options.TestDays.ToString(CultureInfo.InvariantCulture);
        var anchorName = anchor == TimeSplitAnchor.SessionEnd ? "ending" : "starting";
        var before = all.Counts(rawItemCount);
        var train = all.KeepSessions(s => !isTest[s]);
        var test = all.KeepSessions(s => isTest[s]);
        steps.Add(new PreprocessStep(TrainSplit, $"time split: sessions {anchorName} before the last {days} day(s)", before, train.Counts(rawItemCount)));
        steps.Add(new PreprocessStep(TestSplit, $"time split: sessions {anchorName} in the last {days} day(s)", before, test.Counts(rawItemCount)));
        return (train, test);
    }

    private SessionTable FilterTraining(SessionTable table, int rawItemCount, List<PreprocessStep> steps)
    {
        var minLength = _options.MinSessionLength;
        var minSupport = _options.MinItemSupport;
        for (var round = 1; ; round++)
        {
            table = Apply(table, t => t.KeepSessions(s => t.Length(s) >= minLength), TrainSplit, $"session length >= {minLength} (round {round})", rawItemCount, steps);
            var events = table.EventCount;
            table = Apply(table, t => t.KeepItems(SupportedItems(t, rawItemCount, minSupport)), TrainSplit, $"item support >= {minSupport} (round {round})", rawItemCount, steps);
            if (table.EventCount == events)
            {
                return table;
            }

            if (!_options.IterativeFiltering)
            {
                return Apply(table, t => t.KeepSessions(s => t.Length(s) >= minLength), TrainSplit, $"session length >= {minLength} (final)", rawItemCount, steps);
            }
        }
    }

    private static bool[] SupportedItems(SessionTable table, int rawItemCount, int minSupport)
    {
        var support = new int[rawItemCount];
        foreach (var item in table.Items)
        {
            support[item]++;
        }

        return Array.ConvertAll(support, count => count >= minSupport);
    }

    private static SessionTable Apply(SessionTable table, Func<SessionTable, SessionTable> step, string split, string name, int rawItemCount, List<PreprocessStep> steps)
    {
        var before = table.Counts(rawItemCount);
        var after = step(table);
        steps.Add(new PreprocessStep(split, name, before, ReferenceEquals(after, table) ? before : after.Counts(rawItemCount)));
        return after;
    }

    private static SessionDataset ToDataset(SessionTable table, ItemVocabulary vocabulary, int[] denseOf, IReadOnlyList<string> eventTypeNames, bool hasTimestamps)
    {
        var items = new int[table.EventCount];
        for (var e = 0; e < items.Length; e++)
        {
            items[e] = denseOf[table.Items[e]];
        }

        return new SessionDataset(vocabulary, items, table.Offsets, table.SessionIds, table.Types, eventTypeNames, hasTimestamps ? table.Times : null);
    }
}
