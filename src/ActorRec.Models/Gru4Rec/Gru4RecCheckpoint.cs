using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Sessions;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorRec.Models.Gru4Rec;

/// <summary>Rebuilds a GRU session model (GRU4Rec, or SQN / SMORL with their Q heads) from a checked checkpoint.</summary>
public static class Gru4RecCheckpoint
{
    internal static Gru4RecModel Load(StoredModel stored, Device device, IQHeadSettings? qLearning)
    {
        var manifest = stored.Manifest;
        var options = Checkpoint.BindSection<Gru4RecOptions>(stored, "hyperparameters", manifest.Hyperparameters, o => o.Validate())
            ?? throw new DataFileException(stored.ManifestPath, null, "hyperparameters are missing.");
        var vocabulary = stored.Vocabulary;
        var heads = qLearning?.HeadCount ?? 0;
        var weightsBytes = Checkpoint.LengthOf(stored.WeightsPath);
        var estimate = EstimatedWeightBytes(vocabulary.Count, options, heads);
        if (estimate > 2.0 * weightsBytes)
        {
            // The network is allocated from the hyperparameters before the weights are read: refuse sizes the file
            // cannot hold, or a manifest saying "layers": [1000000000] would allocate gigabytes first.
            throw new DataFileException(stored.ManifestPath, null, $"the hyperparameters describe about {estimate:F0} bytes of weights; {manifest.WeightsFile} holds {weightsBytes}.");
        }

        var network = new Gru4RecNetwork(vocabulary.Count, options.Layers, options.ConstrainedEmbedding, options.Embedding, heads);
        try
        {
            WeightsFileLayout.Verify(stored.WeightsPath, WeightsFileLayout.Of(network));
            network.load(stored.WeightsPath);
            Checkpoint.RequireFinite(network, stored.WeightsPath);
            network.to(device);
            network.eval();
        }
        catch
        {
            network.Dispose();
            throw;
        }

        return new Gru4RecModel(network, vocabulary, options, device, qLearning);
    }

    /// <summary>Loads a checkpoint that must hold a GRU session model, for the code that reads its GRU internals.</summary>
    /// <exception cref="DataFileException">The checkpoint is damaged or of another kind.</exception>
    public static (Gru4RecModel Model, CheckpointManifest Manifest) Load(string directory, Device? device = null)
    {
        var (model, manifest) = Checkpoint.Load(directory, device);
        if (model is Gru4RecModel gru)
        {
            return (gru, manifest);
        }

        model.Dispose();
        throw new DataFileException(Path.Combine(directory, Checkpoint.ManifestFile), null, $"model kind '{manifest.ModelKind}' is not a GRU session model.");
    }

    /// <summary>Float32 bytes of the network the options describe: embeddings, GRU cells, output and Q heads.</summary>
    private static double EstimatedWeightBytes(int items, Gru4RecOptions options, int heads)
    {
        const double BytesPerWeight = 4;
        var last = (double)options.Layers[^1];
        var input = options.ConstrainedEmbedding ? last : options.Embedding;
        var weights = options.ConstrainedEmbedding ? 0.0 : (double)items * options.Embedding;
        foreach (var hidden in options.Layers)
        {
            weights += 3.0 * hidden * (input + hidden + 2);
            input = hidden;
        }

        weights += (1 + heads) * (double)items * (last + 1);
        return weights * BytesPerWeight;
    }
}
