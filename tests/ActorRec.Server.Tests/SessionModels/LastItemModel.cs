using System.Diagnostics;
using System.Text.Json.Nodes;
using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Sessions;
using ActorRec.Models.Training;
using static TorchSharp.torch;

namespace ActorRec.Server.Tests.SessionModels;

/// <summary>
/// A session model that exists only in the tests, to show that the seam is all serving and evaluation need: the state
/// is the last clicked item's vector, and an item scores its log popularity plus its vector's dot product with the
/// state. Training counts popularity; the item vectors are random unit vectors, so the last item scores +1 over its
/// popularity and ties are improbable.
/// </summary>
internal sealed class LastItemModel : ISessionModel
{
    public const string KindName = "test-last-item";

    private readonly Tensor _vectors;
    private readonly Tensor _logPopularity;

    public LastItemModel(ItemVocabulary vocabulary, Tensor vectors, Tensor logPopularity)
    {
        if (vectors.shape[0] != vocabulary.Count || logPopularity.shape[0] != vocabulary.Count)
        {
            throw new ArgumentException($"{vectors.shape[0]} vectors and {logPopularity.shape[0]} popularities for {vocabulary.Count} items.", nameof(vocabulary));
        }

        Vocabulary = vocabulary;
        _vectors = vectors.DetachFromDisposeScope();
        _logPopularity = logPopularity.DetachFromDisposeScope();
        HiddenSize = (int)vectors.shape[1];
    }

    public string Name { get; set; } = "last item";

    public string Kind => KindName;

    public ItemVocabulary Vocabulary { get; }

    public Device Device => CPU;

    public int ItemCount => Vocabulary.Count;

    public int HiddenSize { get; }

    /// <summary>Random unit vectors from <paramref name="seed"/>, and no popularity yet.</summary>
    public static LastItemModel Create(ItemVocabulary vocabulary, int dimensions, int seed)
    {
        using var scope = NewDisposeScope();
        return new LastItemModel(vocabulary, RandomUnitVectors(vocabulary.Count, dimensions, seed), zeros(vocabulary.Count));
    }

    public Tensor InitialHidden(long rows) => zeros(rows, HiddenSize);

    public Tensor Advance(Tensor hidden, Tensor items) => _vectors.index_select(0, items);

    public Tensor ScoreAll(Tensor hidden) => addmm(_logPopularity.unsqueeze(0), hidden, _vectors.t(), 1, 1);

    public IScoringBatch StartBatch(int slots) => new SessionModelScoringBatch(this, slots);

    public void PrepareForInference()
    {
    }

    public ManifestSections DescribeForManifest() => new(new JsonObject { ["dimensions"] = HiddenSize });

    public void SaveWeights(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(ItemCount);
        writer.Write(HiddenSize);
        foreach (var value in _vectors.data<float>())
        {
            writer.Write(value);
        }

        foreach (var value in _logPopularity.data<float>())
        {
            writer.Write(value);
        }
    }

    /// <summary>Reads what <see cref="SaveWeights"/> wrote.</summary>
    public static LastItemModel Read(string path, ItemVocabulary vocabulary)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var items = reader.ReadInt32();
        var dimensions = reader.ReadInt32();
        if (items != vocabulary.Count || dimensions is < 1 or > 1024)
        {
            throw new DataFileException(path, null, $"{items} items of {dimensions} dimensions; the vocabulary has {vocabulary.Count}.");
        }

        var vectors = new float[items * dimensions];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = reader.ReadSingle();
        }

        var popularity = new float[items];
        for (var i = 0; i < popularity.Length; i++)
        {
            popularity[i] = reader.ReadSingle();
        }

        using var scope = NewDisposeScope();
        return new LastItemModel(vocabulary, tensor(vectors, [items, dimensions]), tensor(popularity));
    }

    public ISessionModel ExtendVocabulary(IEnumerable<string> newItemIds, int seed)
    {
        var vocabulary = new ItemVocabulary(Vocabulary.Ids);
        foreach (var id in newItemIds)
        {
            if (vocabulary.TryGetIndex(id, out _))
            {
                throw new ArgumentException($"Item '{id}' is already in the vocabulary (or listed twice).", nameof(newItemIds));
            }

            vocabulary.GetOrAdd(id);
        }

        using var scope = NewDisposeScope();
        var added = vocabulary.Count - ItemCount;
        var vectors = cat([_vectors, RandomUnitVectors(added, HiddenSize, seed)], 0);
        return new LastItemModel(vocabulary, vectors, cat([_logPopularity, zeros(added)], 0)) { Name = Name };
    }

    /// <summary>Popularity is counted, not learned: one pass over the sessions, whatever the epochs.</summary>
    public void ContinueTraining(SessionDataset train, ContinuedTraining settings, Action<EpochResult>? onEpoch = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var counts = new float[ItemCount];
        foreach (var item in train.Items)
        {
            counts[item]++;
        }

        using (NewDisposeScope())
        {
            _logPopularity.copy_(tensor(counts).log1p());
        }

        onEpoch?.Invoke(new EpochResult(1, 0, clock.Elapsed.TotalSeconds, train.Items.Length));
    }

    public void Dispose()
    {
        _vectors.Dispose();
        _logPopularity.Dispose();
    }

    private static Tensor RandomUnitVectors(int rows, int dimensions, int seed)
    {
        using var generator = new Generator((ulong)seed);
        var vectors = randn(rows, dimensions, generator: generator);
        return vectors.div(vectors.norm(1, keepdim: true));
    }
}
