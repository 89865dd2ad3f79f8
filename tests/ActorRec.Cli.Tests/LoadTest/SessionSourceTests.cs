using ActorRec.Cli.LoadTest;
using ActorRec.Contracts.V1;
using Xunit;

namespace ActorRec.Cli.Tests.LoadTest;

public sealed class SessionSourceTests
{
    [Fact]
    public void Next_CyclesThroughTheCorpus_WithAFreshIdOnEveryPass()
    {
        var source = new SessionSource(Corpora.Corpus(("a", 1), ("b", 1), ("c", 1)), "run1");

        var draws = Enumerable.Range(0, 7).Select(_ => source.Next()).ToList();

        Assert.Equal([0, 1, 2, 0, 1, 2, 0], draws.Select(d => d.Session));
        Assert.Equal([0L, 0, 0, 1, 1, 1, 2], draws.Select(d => d.Pass));
        Assert.Equal(7, draws.Select(d => d.SessionId).Distinct().Count());
        Assert.All(draws, d => Assert.StartsWith("run1-", d.SessionId, StringComparison.Ordinal));
        Assert.Equal(7, source.Drawn);
    }

    [Fact]
    public void Next_TwoRunsOverTheSameCorpus_ShareNoSessionId()
    {
        var corpus = Corpora.Corpus(("a", 2), ("b", 3));
        var first = new SessionSource(corpus, SessionSource.NewRunId());
        var second = new SessionSource(corpus, SessionSource.NewRunId());

        var firstIds = Enumerable.Range(0, 10).Select(_ => first.Next().SessionId).ToHashSet();
        var secondIds = Enumerable.Range(0, 10).Select(_ => second.Next().SessionId).ToList();

        Assert.NotEqual(first.RunId, second.RunId);
        Assert.DoesNotContain(secondIds, firstIds.Contains);
    }

    [Fact]
    public void Next_FromManyThreads_NeverRepeatsAnId()
    {
        var source = new SessionSource(Corpora.Corpus(("a", 1), ("b", 1)), "run");
        var ids = new string[20_000];

        Parallel.For(0, ids.Length, i => ids[i] = source.Next().SessionId);

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void WriteNext_ReplaysEachSessionInOrderWithSeqFromOne_ThenMovesOn()
    {
        var source = new SessionSource(Corpora.Corpus(("a", 3), ("b", 2)), "run");
        var cursor = new ReplayCursor(source);
        var click = new ClickEvent { K = 7 };
        var sent = new List<(string Session, long Seq, string Item)>();

        for (var i = 0; i < 8; i++)
        {
            cursor.WriteNext(click);
            sent.Add((click.SessionId, click.Seq, click.ItemId));
        }

        Assert.Equal(["a.0", "a.1", "a.2", "b.0", "b.1", "a.0", "a.1", "a.2"], sent.Select(s => s.Item));
        Assert.Equal([1L, 2, 3, 1, 2, 1, 2, 3], sent.Select(s => s.Seq));
        Assert.Equal(["run-0", "run-0", "run-0", "run-1", "run-1", "run-2", "run-2", "run-2"], sent.Select(s => s.Session));
        Assert.Equal(7, click.K);
    }

    [Fact]
    public void WriteNext_CursorsSharingASource_ReplayDifferentSessions()
    {
        var source = new SessionSource(Corpora.Corpus(("a", 2), ("b", 2), ("c", 2)), "run");
        var first = new ReplayCursor(source);
        var second = new ReplayCursor(source);
        var click = new ClickEvent();

        first.WriteNext(click);
        var firstItem = click.ItemId;
        second.WriteNext(click);
        var secondItem = click.ItemId;
        first.WriteNext(click);

        Assert.Equal("a.0", firstItem);
        Assert.Equal("b.0", secondItem);
        Assert.Equal(("a.1", 2L), (click.ItemId, click.Seq));
        Assert.NotEqual(first.SessionId, second.SessionId);
    }
}
