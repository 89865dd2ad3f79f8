using ActorRec.Grains.ClickLog;
using ActorRec.Grains.Training;
using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Reinforcement;
using ActorRec.Models.Sessions;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Grains.Tests.Training;

public sealed class WarmStartTests
{
    private static readonly string[] NewIds = ["new-a", "new-b", "new-c"];

    [Fact]
    public void Extending_the_vocabulary_keeps_every_old_score_and_adds_freshly_initialised_rows_for_the_new_items()
    {
        using var source = TestCheckpoints.Create(seed: 5, layers: [16]);
        var sessions = new[] { new long[] { 3, 17, 17, 42 }, [0, 49], [25] };

        using var extended = WarmStart.Extend(source, NewIds, seed: 9);

        Assert.Equal(TestCheckpoints.Items + NewIds.Length, extended.ItemCount);
        Assert.Equal(source.Vocabulary.Ids, extended.Vocabulary.Ids.Take(TestCheckpoints.Items));
        Assert.Equal(NewIds, extended.Vocabulary.Ids.Skip(TestCheckpoints.Items));
        AssertOldScoresKept(source, extended, sessions);

        using var noGrad = no_grad();
        var layer = source.Network.Layers[^1];
        var bound = Math.Sqrt(6.0 / (extended.ItemCount + layer));
        var newRows = extended.Network.OutputWeights.narrow(0, TestCheckpoints.Items, NewIds.Length);
        Assert.True(newRows.abs().max().item<float>() <= bound, "a new output row lies outside the initialisation range");
        Assert.True(newRows.abs().sum().item<float>() > 0, "the new output rows were left at zero");
        Assert.Equal(0f, extended.Network.OutputBias.narrow(0, TestCheckpoints.Items, NewIds.Length).abs().sum().item<float>());
    }

    [Fact]
    public void Extending_an_smorl_model_through_the_seam_keeps_its_q_heads_and_serving_head_and_every_old_q_score()
    {
        using var source = TestCheckpoints.Create(seed: 5, layers: [16, 8], qLearning: QLearningOptions.Smorl with { ServingHead = ServingHead.Q });
        var sessions = new[] { new long[] { 3, 17, 17, 42 }, [0, 49], [25] };

        using var extended = ((ISessionModel)source).ExtendVocabulary(NewIds, seed: 9);

        Assert.Equal(QLearningOptions.SmorlKind, extended.Kind);
        var smorl = Assert.IsType<Gru4RecModel>(extended);
        Assert.Equal(ServingHead.Q, smorl.ServingHead);
        Assert.Equal(3, smorl.Network.QHeads.Count);
        Assert.All(smorl.Network.QHeads, head => Assert.Equal(TestCheckpoints.Items + NewIds.Length, head.Weight.shape[0]));
        AssertOldScoresKept(source, extended, sessions);
    }

    [Fact]
    public void Extending_with_an_item_the_model_already_knows_is_refused()
    {
        using var source = TestCheckpoints.Create(seed: 5);

        Assert.Throws<ArgumentException>(() => WarmStart.Extend(source, ["item-3"], seed: 1));
    }

    [Fact]
    public void A_new_item_becomes_recommendable_after_training_on_logged_clicks_that_contain_it()
    {
        // Every session goes item-(i) -> item-(i+1) -> ...; in the logged sessions "launch" always follows item-7.
        using var active = TestCheckpoints.Create(seed: 3, layers: [32]);
        var random = new Random(4);
        var clicks = new List<LoggedClick>();
        for (var s = 0; s < 600; s++)
        {
            var start = random.Next(TestCheckpoints.Items);
            var items = Enumerable.Range(0, 4).Select(i => $"item-{(start + i) % TestCheckpoints.Items}").ToList();
            if (s % 2 == 0)
            {
                items = ["item-7", "launch", .. items];
            }

            clicks.AddRange(items.Select((item, i) => new LoggedClick($"s{s}", i + 1, item, EventTypes.Click, (s * 10L) + i)));
        }

        var set = TrainingSetBuilder.Build(clicks, active.Vocabulary, baseSessions: null, new TrainingOptions { HoldoutFraction = 0.1, MinItemSupport = 5 });
        using var candidate = WarmStart.Extend(active, set.Vocabulary.Ids.Skip(active.ItemCount), seed: 1);
        var launch = candidate.Vocabulary.IndexOf("launch");
        var item7 = candidate.Vocabulary.IndexOf("item-7");
        var rankBefore = Rank(Scores(candidate, [item7]), launch);

        new Gru4RecTrainer(candidate.Options with { NSample = 0, LearningRate = 0.1, BatchSize = 16 }).Continue(candidate, set.Train, epochs: 3, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, set.NewItems);
        Assert.False(active.Vocabulary.TryGetIndex("launch", out _));
        Assert.True(rankBefore > 5, $"'launch' ranked {rankBefore} after item-7 before any training: the test would prove nothing");
        var rankAfter = Rank(Scores(candidate, [item7]), launch);
        Assert.True(rankAfter <= 3, $"'launch' ranks {rankAfter} after item-7 once trained on sessions where it always follows it");
    }

    /// <summary>After each session, the old items score as before, from the serving head.</summary>
    private static void AssertOldScoresKept(ISessionModel source, ISessionModel extended, IEnumerable<long[]> sessions)
    {
        foreach (var session in sessions)
        {
            var before = Scores(source, session);
            var after = Scores(extended, session);
            Assert.Equal(extended.ItemCount, after.Length);
            for (var i = 0; i < before.Length; i++)
            {
                Assert.True(Math.Abs(before[i] - after[i]) <= 1e-5f, $"item {i}: {after[i]} after extension, {before[i]} before");
            }
        }
    }

    /// <summary>The scores of every item after the model has read <paramref name="session"/>, through the seam as serving computes them.</summary>
    private static float[] Scores(ISessionModel model, IReadOnlyList<long> session)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.PrepareForInference();
        var hidden = model.InitialHidden(1);
        foreach (var item in session)
        {
            hidden = model.Advance(hidden, tensor(new[] { item }));
        }

        return model.ScoreAll(hidden).squeeze(0).data<float>().ToArray();
    }

    private static int Rank(float[] scores, int item) => 1 + scores.Count(s => s > scores[item]);
}
