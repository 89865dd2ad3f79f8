using ActorRec.Grains.Inference;
using ActorRec.Models.Gru4Rec;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Grains.Tests.Inference;

/// <summary>One session stepped directly through <see cref="Gru4RecModel.Step"/>, one row at a time: the engine's expected answers.</summary>
internal sealed class ReferenceSession(Gru4RecModel model)
{
    private const double Tolerance = 1e-5;

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
        Assert.True(expected.Items.SequenceEqual(actual.TopItems), $"{context}: items [{string.Join(",", actual.TopItems)}], expected [{string.Join(",", expected.Items)}]");
        AssertClose(expected.Scores, actual.TopScores, $"{context}: scores");
        AssertClose(Hidden, actual.Hidden, $"{context}: hidden state");
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"{what}: [{i}] is {actual[i]}, expected {expected[i]}");
        }
    }
}
