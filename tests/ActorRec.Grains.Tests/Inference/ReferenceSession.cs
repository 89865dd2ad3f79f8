using ActorRec.Grains.Inference;
using ActorRec.Models.Gru4Rec;
using ActorRec.Testing.Ranking;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Grains.Tests.Inference;

/// <summary>One session stepped directly through <see cref="Gru4RecModel.Step"/>, one row at a time: the engine's expected answers.</summary>
internal sealed class ReferenceSession(Gru4RecModel model)
{
    /// <summary>Small test models: batched and single-row steps agree to about 1e-7, a wrong state is off by tenths.</summary>
    private static readonly ScoreTolerance Tolerance = new(1e-5f);

    private float[][] _layers = [.. model.Network.Layers.Select(size => new float[size])];

    /// <summary>The hidden state, layers concatenated in order.</summary>
    public float[] Hidden => [.. _layers.SelectMany(layer => layer)];

    /// <summary>Feeds <paramref name="item"/> (or nothing for <see cref="InferenceRequest.NoItem"/>) and ranks the catalogue.</summary>
    public (int[] Items, float[] Scores) Step(int item, int k, IReadOnlyCollection<int>? exclude = null)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var hidden = _layers.Select(layer => tensor(layer, [1, layer.Length])).ToArray();
        var scores = item == InferenceRequest.NoItem
            ? model.Network.ScoreAll(hidden[^1])
            : model.Step(tensor(new long[] { item }), hidden);
        var row = scores[0].clone();
        if (exclude is { Count: > 0 })
        {
            row.index_fill_(0, tensor(exclude.Select(e => (long)e).ToArray()), float.NegativeInfinity);
        }

        var (values, indices) = row.topk(Math.Min(k, model.ItemCount - (exclude?.Count ?? 0)));
        _layers = [.. hidden.Select(h => h.data<float>().ToArray())];
        return ([.. indices.data<long>().Select(i => (int)i)], values.data<float>().ToArray());
    }

    /// <summary>Asserts that the engine gave the same items, scores and new hidden state as the direct step.</summary>
    public void AssertMatches((int[] Items, float[] Scores) expected, InferenceResult actual, string context)
    {
        // A batch sums in another order than a single row: items tied to rounding may trade places, even at the k-th.
        TopKComparison.AssertSame(new RankedList<int>(expected.Items, expected.Scores), new RankedList<int>(actual.TopItems, actual.TopScores), Tolerance, context);
        AssertClose(Hidden, actual.Hidden, $"{context}: hidden state");
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Tolerance.Same(expected[i], actual[i]), $"{what}: [{i}] is {actual[i]}, expected {expected[i]}");
        }
    }
}
