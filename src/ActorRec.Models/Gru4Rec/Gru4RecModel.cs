using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorRec.Models.Gru4Rec;

/// <summary>A GRU4Rec network with the vocabulary and hyperparameters it was trained with, ready to score sessions.</summary>
public sealed class Gru4RecModel : INextItemScorer, IDisposable
{
    public Gru4RecModel(Gru4RecNetwork network, ItemVocabulary vocabulary, Gru4RecOptions options, Device device)
    {
        if (network.ItemCount != vocabulary.Count)
        {
            throw new ArgumentException($"Network has {network.ItemCount} items but the vocabulary has {vocabulary.Count}.", nameof(vocabulary));
        }

        Network = network;
        Vocabulary = vocabulary;
        Options = options;
        Device = device;
    }

    public string Name { get; set; } = "GRU4Rec";

    public Gru4RecNetwork Network { get; }

    public ItemVocabulary Vocabulary { get; }

    public Gru4RecOptions Options { get; }

    public Device Device { get; }

    public int ItemCount => Network.ItemCount;

    public static Gru4RecModel Create(ItemVocabulary vocabulary, Gru4RecOptions options, Device device)
    {
        options.Validate();
        var network = new Gru4RecNetwork(vocabulary.Count, options.Layers, options.ConstrainedEmbedding, options.Embedding);
        using var generator = new Generator((ulong)options.Seed);
        network.ResetParameters(generator);
        network.to(device);
        return new Gru4RecModel(network, vocabulary, options, device);
    }

    public IScoringBatch StartBatch(int slots) => new Gru4RecScoringBatch(this, slots);

    /// <summary>
    /// One inference step for a batch of sessions: advances their hidden states by one item each and returns the
    /// scores of all items [rows, items]. <paramref name="hidden"/> is replaced by the new states; the caller owns
    /// all tensors (this runs in the caller's dispose scope and must be called under no_grad).
    /// </summary>
    public Tensor Step(Tensor items, Tensor[] hidden)
    {
        var last = Network.HiddenStep(Network.Embed(items), hidden);
        return Network.ScoreAll(last);
    }

    public void Dispose() => Network.Dispose();
}
