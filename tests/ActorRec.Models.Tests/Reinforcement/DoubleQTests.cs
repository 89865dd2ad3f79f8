using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Reinforcement;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Models.Tests.Reinforcement;

public sealed class DoubleQTests
{
    private static readonly Gru4RecOptions Tiny = Gru4RecOptions.QLearningGru with { Layers = [8], Embedding = 6, Seed = 3 };

    [Fact]
    public void The_bootstrap_reads_the_next_state_of_each_network()
    {
        var vocabulary = new ItemVocabulary(["a", "b", "c", "d"]);
        var data = new SessionDataset(vocabulary, [0, 1, 2, 3], [0, 4], ["s"], [0, 0, 1, 0], [EventTypes.Click, EventTypes.Purchase]);
        var options = QLearningOptions.Sqn with { Gamma = 0.5 };
        using var main = Gru4RecModel.Create(vocabulary, Tiny, CPU, options);
        using var other = Gru4RecModel.Create(vocabulary, Tiny, CPU, options, seed: 99);
        using var rewards = new QRewards(data, diversityEmbedding: null, CPU);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var batch = TransitionBatch.Build(data, [0], maxLength: 10, rewardByType: [0.2f, 1f]);
        var inputs = tensor(batch.Inputs).view(batch.Steps, batch.Sessions);
        var mainStates = DoubleQ.Unroll(main.Network, inputs);
        var otherStates = DoubleQ.Unroll(other.Network, inputs);

        var targets = DoubleQ.Targets(options, rewards, batch, main, other, mainStates, otherStates, zeros(batch.Transitions, dtype: int64))[0];

        // By hand: the state after item t+1 is the state the model reaches when the session is fed up to the action.
        for (var i = 0; i < batch.Transitions; i++)
        {
            var hiddenMain = main.Network.NewHidden(1, CPU);
            var hiddenOther = other.Network.NewHidden(1, CPU);
            Tensor? nextMain = null, nextOther = null;
            for (var t = 0; t <= i + 1; t++)
            {
                nextMain = main.Network.HiddenStep(main.Network.Embed(tensor(new long[] { t })), hiddenMain);
                nextOther = other.Network.HiddenStep(other.Network.Embed(tensor(new long[] { t })), hiddenOther);
            }

            var best = main.ScoreQ(nextMain!).argmax(1);
            var bootstrap = other.Network.QHeads[0].ScorePairs(nextOther!, best).item<float>();
            var reward = batch.Rewards[i];
            var expected = batch.NotDone[i] > 0 ? reward + (0.5f * bootstrap) : reward;
            Assert.Equal(expected, targets[i].item<float>(), 5);
        }

        Assert.Equal([1f, 1f, 0f], batch.NotDone);
    }

    [Fact]
    public void Smorl_rewards_diversity_by_distance_and_novelty_by_the_long_tail()
    {
        // Item 0 is the head of the catalog (8 events), items 1..3 the tail.
        var vocabulary = new ItemVocabulary(["hot", "x", "y", "z"]);
        int[] items = [0, 1, 0, 2, 0, 3, 0, 0, 0, 0, 0, 1];
        var data = new SessionDataset(vocabulary, items, [0, 12], ["s"], new byte[12], [EventTypes.Click]);
        using var embedding = tensor(new float[] { 1, 0, 1, 0, 0, 1, -1, 0 }).view(4, 2);
        using var rewards = new QRewards(data, embedding, CPU);
        var batch = TransitionBatch.Build(data, [0], maxLength: 3, rewardByType: [0.2f]);

        // Transitions: last items 0 and 1; the top-1 predictions are given.
        using var top1 = tensor(new long[] { 2, 3 });
        var diversity = rewards.For(QObjective.Diversity, batch, top1).data<float>().ToArray();
        var novelty = rewards.For(QObjective.Novelty, batch, top1).data<float>().ToArray();

        Assert.Equal(1f, diversity[0], 5);   // e(hot) = (1,0) vs e(y) = (0,1): orthogonal
        Assert.Equal(2f, diversity[1], 5);   // e(x) = (1,0) vs e(z) = (-1,0): opposite
        Assert.Equal([1f, 1f], novelty);
        var popular = rewards.For(QObjective.Novelty, batch, tensor(new long[] { 0, 0 })).data<float>().ToArray();
        Assert.Equal([0f, 0f], popular);
    }
}
