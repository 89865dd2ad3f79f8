using System.CommandLine;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Scoring;
using ActorRec.Models.Sessions;
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
    private readonly DataFileOptions _dataFile = new();

    private readonly Option<string?> _reference = new("--reference")
    {
        Description = "Checkpoint whose item embedding measures embedding diversity for every model (default: the first GRU4Rec given, else each model's own).",
    };

    private readonly Option<string> _scorer = new("--scorer")
    {
        Description = "How the catalog is ranked: auto (the fused CPU scan for models whose scores are a dot product on the CPU, torch otherwise) or torch.",
        DefaultValueFactory = _ => "auto",
    };

    private readonly Option<string?> _head = new("--serving-head")
    {
        Description = "Rank SQN/SMORL items by this head instead of the trained one: supervised or q.",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _data, _results, _threads, _device, _ranking, _batch, _minSupport, _testDays, _reference, _head, _scorer })
        {
            command.Add(option);
        }

        _dataFile.AddTo(command);
    }

    public EvaluationInputs() => _scorer.AcceptOnlyFromAmong("auto", "torch");

    /// <summary>Applies the thread setting and returns the bound values.</summary>
    public Bound Bind(ParseResult parse)
    {
        var threads = parse.GetValue(_threads);
        set_num_threads(threads);
        return new Bound(
            parse.GetValue(_data),
            parse.GetValue(_results),
            Workflow.ParseDevice(parse.GetValue(_device)!),
            new EvaluationOptions
            {
                RankingRule = CommonOptions.ParseRanking(parse.GetValue(_ranking)!),
                BatchSize = parse.GetValue(_batch),
                FusedScoring = parse.GetValue(_scorer) == "torch" ? null : new FusedScorerOptions { Threads = threads },
            },
            _dataFile.Split(parse, CommonOptions.Preprocess(parse.GetValue(_minSupport), parse.GetValue(_testDays))),
            parse.GetValue(_reference),
            parse.GetValue(_head) is { } head ? QLearningParameters.ParseHead(head) : null,
            _dataFile.File(parse));
    }

    /// <param name="DataSpec">--data, or null when the command should fall back to a checkpoint's recorded data.</param>
    /// <param name="Results">--results folder, or null.</param>
    /// <param name="Device">The device models are loaded onto.</param>
    /// <param name="Evaluation">Ranking rule and batch size.</param>
    /// <param name="Preprocess">Preprocessing of the data.</param>
    /// <param name="Reference">--reference checkpoint for embedding diversity, or null.</param>
    /// <param name="Head">--serving-head override for models with Q heads, or null.</param>
    /// <param name="DataFile">--format, --columns and --time-format for a data file, or null.</param>
    internal sealed record Bound(
        string? DataSpec, string? Results, Device Device, EvaluationOptions Evaluation, PreprocessOptions Preprocess, string? Reference, ServingHead? Head, ClickFileOptions? DataFile)
    {
        /// <summary>Loads a checkpoint onto the chosen device with the --serving-head override applied.</summary>
        /// <remarks>Any registered kind loads; the serving head is an option of the GRU models with Q heads only.</remarks>
        public (ISessionModel Model, CheckpointManifest Manifest) Load(string directory)
        {
            var (model, manifest) = Checkpoint.Load(directory, Device);
            if (Head is { } head && model is Gru4RecModel { QLearning: not null } withQHeads)
            {
                withQHeads.ServingHead = head;
                model.Name += head == ServingHead.Q ? " [q head]" : " [supervised head]";
            }

            return (model, manifest);
        }

        /// <summary>
        /// Evaluates <paramref name="scorer"/> with the beyond-accuracy metrics when its catalog is the training set's
        /// (models trained on other preprocessing get accuracy only).
        /// </summary>
        public EvaluationReport Evaluate(
            INextItemScorer scorer, ItemVocabulary vocabulary, PreparedData data, BeyondAccuracyInputs beyond, CancellationToken cancellationToken) =>
            new Evaluator(Evaluation).Evaluate(
                scorer, TestSet.ForModel(data, vocabulary), BeyondAccuracySetup.Applies(data, vocabulary) ? beyond : null, cancellationToken);

        /// <summary>Resolves and preprocesses --data, or <paramref name="fallbackSpec"/> when --data was not given.</summary>
        public (DataSource Source, PreparedData Data) Prepare(string? fallbackSpec)
        {
            var spec = DataSpec ?? fallbackSpec ?? throw new ArgumentException(
                "--data is required when no checkpoint is given: name checkpoint folders (actorrec compare runs/a runs/b), or a data set to compare the baselines alone (actorrec compare --data yoochoose-100k).");
            var source = DataSource.Resolve(spec, DataFile);
            return (source, Workflow.Prepare(source, Preprocess));
        }
    }
}
