using ActorRec.Models.Data;
using Xunit;

namespace ActorRec.Models.Tests.Data;

public sealed class PreprocessorTests
{
    private const double Day = 86_400;

    [Fact]
    public void Prepare_IterativeFiltering_FollowsTheCascadeUntilStable()
    {
        // X is rare; dropping it leaves "s3" with one event; dropping s3 leaves C rare; dropping C leaves "s4" with one event.
        var train = Log("train", ("s1", "A"), ("s1", "B"), ("s2", "A"), ("s2", "B"), ("s3", "C"), ("s3", "X"), ("s4", "C"), ("s4", "D"), ("s5", "D"), ("s5", "E"), ("s6", "D"), ("s6", "E"));
        var test = Log("test", ("t1", "A"), ("t1", "B"));
        var preprocessor = new Preprocessor(new PreprocessOptions { MinItemSupport = 2, MinSessionLength = 2 });

        var prepared = preprocessor.Prepare(train, test);

        Assert.Equal(["s1", "s2", "s5", "s6"], prepared.Train.SessionIds);
        Assert.Equal(["A", "B", "D", "E"], prepared.Vocabulary.Ids);
        var trainSteps = prepared.Statistics.Steps.Where(step => step.Split == "train").ToList();
        Assert.Equal(6, trainSteps.Count);
        Assert.Equal(new DataCounts(12, 6, 6), trainSteps[0].Before);
        Assert.Equal(new DataCounts(8, 4, 4), trainSteps[^1].After);
    }

    [Fact]
    public void Prepare_SinglePassFiltering_StopsAfterSessionsItemsSessions()
    {
        var train = Log("train", ("s1", "A"), ("s1", "B"), ("s2", "A"), ("s2", "B"), ("s3", "C"), ("s3", "X"), ("s4", "C"), ("s4", "D"), ("s5", "D"), ("s5", "E"), ("s6", "D"), ("s6", "E"));
        var preprocessor = new Preprocessor(new PreprocessOptions { MinItemSupport = 2, MinSessionLength = 2, IterativeFiltering = false });

        var prepared = preprocessor.Prepare(train, Log("test"));

        Assert.Equal(["s1", "s2", "s4", "s5", "s6"], prepared.Train.SessionIds);
        Assert.Contains("C", prepared.Vocabulary.Ids);
        Assert.Equal(3, prepared.Statistics.Steps.Count(step => step.Split == "train"));
    }

    [Theory]
    [InlineData(TimeSplitAnchor.SessionEnd, new[] { "early" }, new[] { "straddling", "late" })]
    [InlineData(TimeSplitAnchor.SessionStart, new[] { "early", "straddling" }, new[] { "late" })]
    public void Prepare_NoTestLog_SplitsTheLastDaysByTheChosenAnchor(TimeSplitAnchor anchor, string[] trainSessions, string[] testSessions)
    {
        var log = new ClickLog(
            "all",
            [
                Click("early", "A", 1 * Day),
                Click("early", "B", (1 * Day) + 60),
                Click("straddling", "A", 8.9 * Day),
                Click("straddling", "B", 9.1 * Day),
                Click("late", "A", 9.5 * Day),
                Click("late", "B", 10 * Day),
            ],
            [],
            hasTimestamps: true);
        var preprocessor = new Preprocessor(new PreprocessOptions { MinItemSupport = 1, TestDays = 1, SplitAnchor = anchor });

        var prepared = preprocessor.Prepare(log);

        Assert.Equal(trainSessions, prepared.Train.SessionIds);
        Assert.Equal(testSessions, prepared.Test.SessionIds);
        Assert.NotNull(prepared.Test.Timestamps);
    }

    [Fact]
    public void Prepare_TimeSplitOfOrderOnlyLog_Throws()
    {
        var log = new ClickLog("order-only", [Click("s", "A", 0), Click("s", "B", 1)], [], hasTimestamps: false);

        Assert.Throws<InvalidOperationException>(() => new Preprocessor().Prepare(log));
    }

    [Fact]
    public void Prepare_TestItemsUnseenInTraining_AreDroppedThenShortSessions()
    {
        var train = Log("train", ("s1", "A"), ("s1", "B"));
        var test = Log("test", ("t1", "A"), ("t1", "Z"), ("t1", "B"), ("t2", "Z"), ("t2", "A"), ("t3", "Z"), ("t3", "Z"));
        var preprocessor = new Preprocessor(new PreprocessOptions { MinItemSupport = 1 });

        var prepared = preprocessor.Prepare(train, test);

        Assert.Equal(["t1"], prepared.Test.SessionIds);
        Assert.Equal([0, 1], prepared.Test.SessionItems(0).ToArray());
        var testSteps = prepared.Statistics.Steps.Where(step => step.Split == "test").ToList();
        Assert.Equal(new DataCounts(7, 3, 3), testSteps[0].Before);
        Assert.Equal(new DataCounts(3, 2, 2), testSteps[0].After);
        Assert.Equal(new DataCounts(2, 1, 2), testSteps[1].After);
    }

    [Fact]
    public void Prepare_UnorderedLog_OrdersSessionsByStartAndEventsByTimeStably()
    {
        var train = new ClickLog(
            "train",
            [
                Click("late", "C", 50),
                Click("early", "B", 20),
                Click("late", "D", 40),
                Click("early", "A", 10),
                Click("tie", "E", 10),
                Click("early", "F", 20, EventTypes.Purchase),
            ],
            [],
            hasTimestamps: true);
        var preprocessor = new Preprocessor(new PreprocessOptions { MinItemSupport = 1, MinSessionLength = 1, MinTestSessionLength = 1 });

        var prepared = preprocessor.Prepare(train, new ClickLog("test", [Click("t", "A", 1, "share")], [], hasTimestamps: true));

        Assert.Equal(["early", "tie", "late"], prepared.Train.SessionIds);
        Assert.Equal(["A", "B", "F", "E", "D", "C"], prepared.Vocabulary.Ids);
        Assert.Equal([0, 1, 2, 3, 4, 5], prepared.Train.Items);
        Assert.Equal([0, 3, 4, 6], prepared.Train.SessionOffsets);
        Assert.Equal([10.0, 20, 20, 10, 40, 50], prepared.Train.Timestamps!);
        Assert.Equal([EventTypes.Click, EventTypes.Purchase, "share"], prepared.Train.EventTypeNames);
        Assert.Same(prepared.Train.EventTypeNames, prepared.Test.EventTypeNames);
        Assert.Same(prepared.Train.Vocabulary, prepared.Test.Vocabulary);
        Assert.Equal([0, 0, 1, 0, 0, 0], prepared.Train.EventTypes);
        Assert.Equal([2], prepared.Test.EventTypes);
    }

    [Fact]
    public void Prepare_OrderOnlyLogs_HaveNoTimestampsAndKeepFileOrder()
    {
        var train = new ClickLog("train", [Click("2", "B", 0), Click("2", "A", 1), Click("1", "A", 2), Click("1", "B", 3)], [], hasTimestamps: false);
        var test = new ClickLog("test", [Click("9", "A", 0), Click("9", "B", 1)], [], hasTimestamps: false);

        var prepared = new Preprocessor(new PreprocessOptions { MinItemSupport = 1 }).Prepare(train, test);

        Assert.Null(prepared.Train.Timestamps);
        Assert.Null(prepared.Test.Timestamps);
        Assert.Equal(["2", "1"], prepared.Train.SessionIds);
        Assert.Equal(["B", "A"], prepared.Vocabulary.Ids);
    }

    [Fact]
    public void Prepare_Statistics_CountReadEventsAndMalformedRowsPerSource()
    {
        var train = new ClickLog("train.tsv", [Click("s", "A", 0), Click("s", "B", 1)], [new MalformedRow(3, "bad", "x")], hasTimestamps: true);
        var test = new ClickLog("test.tsv", [Click("t", "A", 0), Click("t", "C", 1)], [], hasTimestamps: true);

        var prepared = new Preprocessor(new PreprocessOptions { MinItemSupport = 1 }).Prepare(train, test);

        Assert.Equal(1, prepared.Statistics.MalformedRows["train.tsv"]);
        Assert.Equal(0, prepared.Statistics.MalformedRows["test.tsv"]);
        Assert.Equal(new DataCounts(2, 1, 2), prepared.Statistics.Read["test.tsv"]);
    }

    [Fact]
    public void Fingerprint_SameContent_SameHashAndAnyChangeDiffers()
    {
        var preprocessor = new Preprocessor(new PreprocessOptions { MinItemSupport = 1 });
        var train = Log("train", ("s1", "A"), ("s1", "B"), ("s2", "B"), ("s2", "A"));
        var test = Log("test", ("t1", "A"), ("t1", "B"));
        var changed = Log("test", ("t1", "B"), ("t1", "A"));

        var first = preprocessor.Prepare(train, test).Fingerprint();
        var again = preprocessor.Prepare(train, test).Fingerprint();
        var other = preprocessor.Prepare(train, changed).Fingerprint();

        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Constructor_OptionOutOfRange_Throws()
    {
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => new Preprocessor(new PreprocessOptions { MinItemSupport = 0 }));
    }

    private static ClickLog Log(string source, params (string Session, string Item)[] events) =>
        new(source, [.. events.Select((e, i) => Click(e.Session, e.Item, i))], [], hasTimestamps: true);

    private static ClickRecord Click(string session, string item, double time, string type = EventTypes.Click) =>
        new(session, item, time, type, 0);
}
