using System.CommandLine;
using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using static TorchSharp.torch;

namespace ActorRec.Cli.Commands;

/// <summary>The options that `evaluate` and `compare` share: which data, how to evaluate, where results go.</summary>
internal sealed class EvaluationInputs
{
    private readonly Option<string?> _data = CommonOptions.Data();
    private readonly Option<string?> _results = CommonOptions.Results();
    private readonly Option<int> _threads = CommonOptions.Threads();
    private readonly Option<string> _device = CommonOptions.Device();
    private readonly Option<string> _ranking = CommonOptions.Ranking();
    private readonly Option<int> _batch = CommonOptions.EvalBatchSize();
    private readonly Option<int> _minSupport = CommonOptions.MinItemSupport();
    private readonly Option<double> _testDays = CommonOptions.TestDays();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _data, _results, _threads, _device, _ranking, _batch, _minSupport, _testDays })
        {
            command.Add(option);
        }
    }

    /// <summary>Applies the thread setting and returns the bound values.</summary>
    public Bound Bind(ParseResult parse)
    {
        set_num_threads(parse.GetValue(_threads));
        return new Bound(
            parse.GetValue(_data),
            parse.GetValue(_results),
            Workflow.ParseDevice(parse.GetValue(_device)!),
            new EvaluationOptions { RankingRule = CommonOptions.ParseRanking(parse.GetValue(_ranking)!), BatchSize = parse.GetValue(_batch) },
            CommonOptions.Preprocess(parse.GetValue(_minSupport), parse.GetValue(_testDays)));
    }

    /// <param name="DataSpec">--data, or null when the command should fall back to a checkpoint's recorded data.</param>
    /// <param name="Results">--results folder, or null.</param>
    /// <param name="Device">The device models are loaded onto.</param>
    /// <param name="Evaluation">Ranking rule and batch size.</param>
    /// <param name="Preprocess">Preprocessing of the data.</param>
    internal sealed record Bound(string? DataSpec, string? Results, Device Device, EvaluationOptions Evaluation, PreprocessOptions Preprocess)
    {
        /// <summary>Resolves and preprocesses --data, or <paramref name="fallbackSpec"/> when --data was not given.</summary>
        public (DataSource Source, PreparedData Data) Prepare(string? fallbackSpec)
        {
            var spec = DataSpec ?? fallbackSpec ?? throw new ArgumentException("--data is required when no checkpoint is given.");
            var source = DataSource.Resolve(spec);
            return (source, Workflow.Prepare(source, Preprocess));
        }
    }
}
