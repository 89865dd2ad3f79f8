using System.CommandLine;
using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;

namespace ActorRec.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    public static Option<string?> Data() => new("--data")
    {
        Description = "Data set folder, the name of one under the shared data folder (e.g. yoochoose-100k, diginetica, jdata), " +
            "or synthetic[:items=N,sessions=N,seed=N,zipf=X,length=X,purchase=P,testdays=D].",
    };

    public static Option<int> Threads() => new("--threads")
    {
        Description = "libtorch intra-op threads (default: all cores).",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public static Option<string> Device() => new("--device")
    {
        Description = "cpu, cuda, cuda:N or auto (default: CUDA when TorchSharp finds a GPU, else cpu).",
        DefaultValueFactory = _ => "auto",
    };

    public static Option<string?> Results() => new("--results")
    {
        Description = "Folder for the JSON/Markdown results (and charts).",
    };

    public static Option<int> MinItemSupport() => new("--min-item-support")
    {
        Description = "Drop items with fewer training events (GRU4Rec paper: 5).",
        DefaultValueFactory = _ => new PreprocessOptions().MinItemSupport,
    };

    public static Option<double> TestDays() => new("--test-days")
    {
        Description = "Time split when the data has no test file: sessions ending in the last N days are the test set.",
        DefaultValueFactory = _ => new PreprocessOptions().TestDays,
    };

    public static Option<string> Ranking() => new Option<string>("--ranking")
    {
        Description = "standard: rank = 1 + items scoring strictly higher; conservative: ties count against the target.",
        DefaultValueFactory = _ => "standard",
    }.AcceptOnlyFromAmong("standard", "conservative");

    public static Option<int> EvalBatchSize() => new("--eval-batch-size")
    {
        Description = "Sessions evaluated in parallel.",
        DefaultValueFactory = _ => new EvaluationOptions().BatchSize,
    };

    public static Option<string[]> Baselines() => new("--baselines")
    {
        Description = "Baselines to evaluate alongside: pop, transitions.",
        DefaultValueFactory = _ => ["pop", "transitions"],
        AllowMultipleArgumentsPerToken = true,
    };

    public static RankingRule ParseRanking(string value) =>
        value == "conservative" ? RankingRule.Conservative : RankingRule.Standard;

    public static PreprocessOptions Preprocess(int minItemSupport, double testDays) =>
        new() { MinItemSupport = minItemSupport, TestDays = testDays };
}
