using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Training;

namespace ActorRec.Models.Reinforcement;

/// <summary>
/// The reinforcement-learning part of SQN (Xin et al., SIGIR 2020) and SMORL (Stamenkovic et al., WSDM 2022): rewards,
/// discount, the Q heads and how their values are combined. The GRU and training sizes come from the model's
/// <see cref="Gru4RecOptions"/>.
/// </summary>
public sealed record QLearningOptions : IQHeadSettings
{
    /// <summary>Reward of an event by its type; types not listed get <see cref="DefaultReward"/>.</summary>
    [JsonPropertyName("rewards")]
    public Dictionary<string, double> Rewards { get; init; } = new()
    {
        [EventTypes.Click] = 0.2,
        [EventTypes.Purchase] = 1.0,
    };

    /// <summary>Reward of event types missing from <see cref="Rewards"/> (views count as clicks by default).</summary>
    [JsonPropertyName("default_reward")]
    [Range(-1000.0, 1000.0)]
    public double DefaultReward { get; init; } = 0.2;

    /// <summary>Discount of the bootstrap value.</summary>
    [JsonPropertyName("gamma")]
    [Range(0.0, 1.0)]
    public double Gamma { get; init; } = 0.5;

    /// <summary>Weight of the squared TD error next to the cross-entropy loss.</summary>
    [JsonPropertyName("td_weight")]
    [Range(0.0, 1000.0)]
    public double TdWeight { get; init; } = 0.5;

    /// <summary>One Q head per objective: [accuracy] is SQN, [accuracy, diversity, novelty] is SMORL.</summary>
    [JsonPropertyName("objectives")]
    [MinLength(1)]
    public QObjective[] Objectives { get; init; } = [QObjective.Accuracy];

    /// <summary>Scalarisation weights, one per objective: the bootstrap action maximises their weighted sum of Q-values.</summary>
    [JsonPropertyName("weights")]
    [MinLength(1)]
    public double[] Weights { get; init; } = [1.0];

    /// <summary>The head that ranks items when the model is evaluated or served.</summary>
    [JsonPropertyName("serving_head")]
    [JsonConverter(typeof(JsonStringEnumConverter<ServingHead>))]
    public ServingHead ServingHead { get; init; } = ServingHead.Supervised;

    /// <summary>Training reads at most this many events of a session (its beginning); longer sessions are rare and costly.</summary>
    [JsonPropertyName("max_session_length")]
    [Range(2, 100_000)]
    public int MaxSessionLength { get; init; } = 200;

    /// <summary>Model family name written to checkpoints: "sqn" with the accuracy head only, else "smorl".</summary>
    [JsonIgnore]
    public string Kind => Objectives is [QObjective.Accuracy] ? SqnKind : SmorlKind;

    /// <summary>Manifest kind of a model with the accuracy head only.</summary>
    public const string SqnKind = "sqn";

    /// <summary>Manifest kind of a model with several objectives.</summary>
    public const string SmorlKind = "smorl";

    /// <summary>SQN: one accuracy head.</summary>
    public static QLearningOptions Sqn { get; } = new();

    /// <summary>SMORL: accuracy, diversity and novelty heads with equal weights.</summary>
    public static QLearningOptions Smorl { get; } = new()
    {
        Objectives = [QObjective.Accuracy, QObjective.Diversity, QObjective.Novelty],
        Weights = [1.0, 1.0, 1.0],
    };

    /// <summary>The reward of an event of type <paramref name="eventType"/>.</summary>
    public double RewardOf(string eventType) => Rewards.TryGetValue(eventType, out var reward) ? reward : DefaultReward;

    int IQHeadSettings.HeadCount => Objectives.Length;

    IReadOnlyList<double> IQHeadSettings.HeadWeights => Weights;

    JsonObject IQHeadSettings.Describe() => JsonSerializer.SerializeToNode(this, Checkpoint.JsonOptions)!.AsObject();

    void IQHeadSettings.ContinueTraining(
        Gru4RecModel model, Gru4RecOptions options, SessionDataset train, int epochs, Action<EpochResult>? onEpoch, CancellationToken cancellationToken) =>
        new QLearningTrainer(options, this, model.Device).Continue(model, train, epochs, onEpoch: (epoch, _) => onEpoch?.Invoke(epoch), cancellationToken: cancellationToken);

    /// <summary>Checks combinations that data annotations cannot express.</summary>
    public void Validate()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        if (Weights.Length != Objectives.Length)
        {
            throw new ValidationException($"weights: {Weights.Length} weights for {Objectives.Length} objectives; give one per objective.");
        }

        if (Objectives.Distinct().Count() != Objectives.Length)
        {
            throw new ValidationException("objectives: each objective may appear once.");
        }

        if (Objectives[0] != QObjective.Accuracy)
        {
            throw new ValidationException("objectives: the first head must be accuracy (the logged reward).");
        }
    }
}
