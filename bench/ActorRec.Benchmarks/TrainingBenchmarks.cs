using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace ActorRec.Benchmarks;

/// <summary>
/// One training epoch of GRU4Rec with the official RSC15 cross-entropy settings (batch 32, 2048 negatives,
/// hidden 100) on a generated log of the yoochoose-100k sample's size; events/s = targets / mean time.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private PreparedData _data = null!;
    private Gru4RecModel _model = null!;
    private Gru4RecTrainer _trainer = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    public int Targets => _data.Train.TargetCount;

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(Threads);
        _data = new Preprocessor().Prepare(SyntheticClickLog.GenerateSplit(new SyntheticClickLogOptions { Items = 3000, Sessions = 18_000, Seed = 1 }, 1));
        var options = Gru4RecOptions.Rsc15CrossEntropy with { Epochs = 1 };
        _model = Gru4RecModel.Create(_data.Vocabulary, options, CPU);
        _trainer = new Gru4RecTrainer(options);
        Console.WriteLine($"// training targets per epoch: {Targets}");
    }

    [Benchmark]
    public void Epoch() => _trainer.Continue(_model, _data.Train, 1);

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();
}
