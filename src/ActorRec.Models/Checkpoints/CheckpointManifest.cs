using System.Text.Json.Nodes;

namespace ActorRec.Models.Checkpoints;

/// <summary>Everything needed to reload, reproduce and compare a trained model: manifest.json in its checkpoint directory.</summary>
public sealed record CheckpointManifest
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    /// <summary>Unique id of this trained model, used as the model version when serving.</summary>
    public required string VersionId { get; init; }

    /// <summary>Which model class the weights belong to, e.g. "gru4rec", "sqn" or "smorl".</summary>
    public required string ModelKind { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>A name the trainer gave the run (e.g. "sqn-no-td"), shown in comparisons; null when none was given.</summary>
    public string? Label { get; init; }

    /// <summary>The hyperparameters, under the official parameter names.</summary>
    public required JsonObject Hyperparameters { get; init; }

    /// <summary>Rewards, objectives and serving head of SQN / SMORL (see <see cref="Reinforcement.QLearningOptions"/>); absent for GRU4Rec.</summary>
    public JsonObject? QLearning { get; init; }

    public required VocabularyInfo Vocabulary { get; init; }

    public required DataInfo Data { get; init; }

    public required string WeightsFile { get; init; }

    public required string WeightsSha256 { get; init; }

    public required int Epochs { get; init; }

    /// <summary>Loss and throughput of every training epoch, with the validation metrics when they were measured.</summary>
    public IReadOnlyList<EpochRecord> History { get; init; } = [];

    /// <summary>Test metrics at the end of training ("recall@20", "mrr@20", ...), as computed with <see cref="Evaluation"/>.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>How <see cref="Metrics"/> were computed, so that loading and re-evaluating can reproduce them.</summary>
    public EvaluationSettings? Evaluation { get; init; }
}
