using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Reinforcement;
using static TorchSharp.torch;

namespace ActorRec.Grains.Tests;

/// <summary>Small random GRU4Rec models saved as real checkpoints; the seed makes each one distinct.</summary>
internal static class TestCheckpoints
{
    public const int Items = 50;

    /// <summary>A GRU4Rec model, or with <paramref name="qLearning"/> an SQN / SMORL one.</summary>
    public static Gru4RecModel Create(int seed, int[]? layers = null, QLearningOptions? qLearning = null) =>
        Gru4RecModel.Create(
            new ItemVocabulary(Enumerable.Range(0, Items).Select(i => $"item-{i}")),
            new Gru4RecOptions { Layers = layers ?? [16], Seed = seed },
            CPU,
            qLearning);

    public static CheckpointManifest Save(string directory, int seed, int[]? layers = null)
    {
        using var model = Create(seed, layers);
        return Checkpoint.Save(directory, model, new DataInfo("test", "synthetic", 0, 0, 0, 0), [], new Dictionary<string, double>(), null);
    }
}
