using System.Text.Json.Nodes;
using ActorRec.Models.Data;
using ActorRec.Models.Training;

namespace ActorRec.Models.Gru4Rec;

/// <summary>
/// What a GRU model with Q heads (SQN, SMORL) needs to know of them. The settings belong to the reinforcement-learning
/// kinds that train the heads: the GRU model builds the heads, scores with them, writes the settings to the manifest and
/// hands continued training back to them, so this folder depends on none of theirs.
/// </summary>
public interface IQHeadSettings
{
    /// <summary>The model kind written to checkpoints ("sqn", "smorl").</summary>
    string Kind { get; }

    /// <summary>How many Q heads the network carries.</summary>
    int HeadCount { get; }

    /// <summary>Scalarisation weight of each head when the model serves from its Q-values.</summary>
    IReadOnlyList<double> HeadWeights { get; }

    /// <summary>The head that ranks items when the model is evaluated or served.</summary>
    ServingHead ServingHead { get; }

    /// <summary>Throws a validation error naming the setting that is out of range.</summary>
    void Validate();

    /// <summary>The manifest section these settings are read back from.</summary>
    JsonObject Describe();

    /// <summary>Trains <paramref name="model"/> (whose heads these settings describe) further, with the kind's own trainer.</summary>
    void ContinueTraining(
        Gru4RecModel model, Gru4RecOptions options, SessionDataset train, int epochs, Action<EpochResult>? onEpoch, CancellationToken cancellationToken);
}
