using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ActorRec.Models.Gru4Rec;

/// <summary>
/// GRU4Rec hyperparameters. JSON names mirror the official implementation's parameter names
/// (hidasib/GRU4Rec_PyTorch_Official) so that a parameter file can be compared setting by setting.
/// </summary>
public sealed record Gru4RecOptions
{
    [JsonPropertyName("loss")]
    [JsonConverter(typeof(JsonStringEnumConverter<Gru4RecLoss>))]
    public Gru4RecLoss Loss { get; init; } = Gru4RecLoss.CrossEntropy;

    /// <summary>Hidden sizes of the stacked GRU layers.</summary>
    [JsonPropertyName("layers")]
    [MinLength(1)]
    public int[] Layers { get; init; } = [100];

    [JsonPropertyName("batch_size")]
    [Range(1, 1 << 20)]
    public int BatchSize { get; init; } = 64;

    [JsonPropertyName("learning_rate")]
    [Range(1e-9, 100.0)]
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Momentum of the Adagrad optimizer (0 disables it).</summary>
    [JsonPropertyName("momentum")]
    [Range(0.0, 1.0)]
    public double Momentum { get; init; }

    [JsonPropertyName("dropout_p_embed")]
    [Range(0.0, 0.99)]
    public double DropoutPEmbed { get; init; }

    [JsonPropertyName("dropout_p_hidden")]
    [Range(0.0, 0.99)]
    public double DropoutPHidden { get; init; }

    /// <summary>Extra negatives shared by the whole minibatch, sampled by popularity^sample_alpha.</summary>
    [JsonPropertyName("n_sample")]
    [Range(0, 1 << 20)]
    public int NSample { get; init; } = 2048;

    [JsonPropertyName("sample_alpha")]
    [Range(0.0, 1.0)]
    public double SampleAlpha { get; init; } = 0.5;

    /// <summary>Weight of the logQ correction of the cross-entropy loss (0 disables it).</summary>
    [JsonPropertyName("logq")]
    [Range(0.0, 10.0)]
    public double LogQ { get; init; }

    /// <summary>Score regularisation weight of BPR-max.</summary>
    [JsonPropertyName("bpreg")]
    [Range(0.0, 100.0)]
    public double BprReg { get; init; } = 1.0;

    /// <summary>Alpha of the ELU final activation used with BPR-max (0 disables it).</summary>
    [JsonPropertyName("elu_param")]
    [Range(0.0, 100.0)]
    public double EluParam { get; init; } = 0.5;

    /// <summary>Input embedding shares the output weights (the official default).</summary>
    [JsonPropertyName("constrained_embedding")]
    public bool ConstrainedEmbedding { get; init; } = true;

    /// <summary>Size of a separate input embedding when not constrained.</summary>
    [JsonPropertyName("embedding")]
    [Range(0, 1 << 16)]
    public int Embedding { get; init; }

    [JsonPropertyName("n_epochs")]
    [Range(1, 10_000)]
    public int Epochs { get; init; } = 10;

    /// <summary>
    /// Ends each epoch after this many minibatches (0: no cap). Lets a benchmark model over a very large catalogue be
    /// trained in minutes; such a model is built for speed measurements, not for its accuracy.
    /// </summary>
    [JsonPropertyName("max_batches")]
    [Range(0, int.MaxValue)]
    public int MaxBatchesPerEpoch { get; init; }

    /// <summary>Seeds weight initialisation, dropout and negative sampling; the same seed reproduces a run on CPU.</summary>
    [JsonPropertyName("seed")]
    public int Seed { get; init; } = 42;

    /// <summary>How many negative samples are drawn at once (the official sample cache size).</summary>
    [JsonPropertyName("sample_cache_max_size")]
    [Range(1, int.MaxValue)]
    public int SampleCacheMaxSize { get; init; } = 10_000_000;

    /// <summary>The official rsc15 cross-entropy settings (paramfiles/rsc15_xe_shared_100_best.py).</summary>
    public static Gru4RecOptions Rsc15CrossEntropy { get; } = new()
    {
        Loss = Gru4RecLoss.CrossEntropy,
        ConstrainedEmbedding = true,
        Embedding = 0,
        EluParam = 0,
        Layers = [100],
        Epochs = 10,
        BatchSize = 32,
        DropoutPEmbed = 0.0,
        DropoutPHidden = 0.4,
        LearningRate = 0.2,
        Momentum = 0.2,
        NSample = 2048,
        SampleAlpha = 0.5,
        BprReg = 0.0,
        LogQ = 1.0,
    };

    /// <summary>The official Diginetica BPR-max settings (paramfiles/diginetica_bprmax_shared_best.py).</summary>
    public static Gru4RecOptions DigineticaBprMax { get; } = new()
    {
        Loss = Gru4RecLoss.BprMax,
        ConstrainedEmbedding = true,
        Embedding = 0,
        EluParam = 1,
        Layers = [512],
        Epochs = 10,
        BatchSize = 128,
        DropoutPEmbed = 0.5,
        DropoutPHidden = 0.3,
        LearningRate = 0.05,
        Momentum = 0.15,
        NSample = 2048,
        SampleAlpha = 0.3,
        BprReg = 0.9,
        LogQ = 0.0,
    };

    /// <summary>
    /// The GRU of SQN and SMORL as their papers train it: a separate 64-wide item embedding, one GRU layer of 64, full
    /// cross-entropy (no sampled negatives), Adam with learning rate 0.01. Batch size counts whole sessions.
    /// </summary>
    public static Gru4RecOptions QLearningGru { get; } = new()
    {
        Loss = Gru4RecLoss.CrossEntropy,
        ConstrainedEmbedding = false,
        Embedding = 64,
        Layers = [64],
        Epochs = 10,
        BatchSize = 128,
        LearningRate = 0.01,
        Momentum = 0,
        NSample = 0,
        LogQ = 0,
        BprReg = 0,
        EluParam = 0,
    };

    /// <summary>Checks combinations that data annotations cannot express.</summary>
    public void Validate()
    {
        var context = new ValidationContext(this);
        Validator.ValidateObject(this, context, validateAllProperties: true);
        if (Layers.Any(l => l <= 0))
        {
            throw new ValidationException("layers: every layer size must be positive.");
        }

        if (!ConstrainedEmbedding && Embedding <= 0)
        {
            throw new ValidationException(
                "embedding: without constrained_embedding a separate embedding size > 0 is required " +
                "(the official one-hot GRU input mode is not implemented).");
        }
    }
}
