using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace ActorRec.Benchmarks;

/// <summary>
/// One inference step (GRU step + scores for the whole catalog + top-20) for a batch of sessions: the unit of work
/// of both the offline evaluator and batched serving. Catalog 40k items, hidden 100.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ScoringBenchmarks
{
    private Gru4RecModel _model = null!;
    private Tensor[] _hidden = null!;
    private Tensor _items = null!;

    [Params(1, 32, 512)]
    public int Batch { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(Threads);
        var vocabulary = new ItemVocabulary(Enumerable.Range(0, 40_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        _model = Gru4RecModel.Create(vocabulary, new Gru4RecOptions { Layers = [100] }, CPU);
        _hidden = _model.Network.NewHidden(Batch, CPU);
        _items = randint(0, 40_000, [Batch], dtype: int64);
    }

    [Benchmark]
    public long StepAndTop20()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var hidden = (Tensor[])_hidden.Clone();
        var scores = _model.Step(_items, hidden);
        var (_, indices) = scores.topk(20);
        return indices.shape[0];
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();
}
