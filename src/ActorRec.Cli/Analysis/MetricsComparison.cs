using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Sessions;

namespace ActorRec.Cli.Analysis;

/// <summary>Evaluates every model and baseline on one test set, accuracy and the beyond-accuracy metrics of their top-k lists.</summary>
internal static class MetricsComparison
{
    /// <param name="scorers">Models and baselines, in report order.</param>
    /// <param name="data">The analysed data; each scorer sees its test (and training) sessions mapped onto its vocabulary.</param>
    /// <param name="facts">Categories, for category diversity.</param>
    /// <param name="diversitySpace">
    /// The model whose item vectors measure every list's diversity, or null for none. One space for all: diversity in each
    /// model's own space would compare rulers, not lists.
    /// </param>
    /// <param name="options">Cutoffs (beyond-accuracy at the largest), ranking rule and batch size.</param>
    /// <param name="cancellationToken">Stops the evaluation between steps.</param>
    public static IReadOnlyList<ScorerMetrics> Run(
        IReadOnlyList<ComparedScorer> scorers,
        PreparedData data,
        ItemFacts facts,
        ISessionModel? diversitySpace,
        AnalysisOptions options,
        CancellationToken cancellationToken)
    {
        var evaluator = new Evaluator(new EvaluationOptions
        {
            Cutoffs = options.Cutoffs,
            BatchSize = options.Evaluation.BatchSize,
            RankingRule = options.Evaluation.RankingRule,
        });
        var results = new List<ScorerMetrics>(scorers.Count);
        foreach (var (label, scorer, vocabulary) in scorers)
        {
            // Popularity, novelty and the long tail count the training sessions as the scorer's vocabulary sees them: the
            // training set mapped the way test sets are (a session left with fewer than two known items drops out).
            var training = TestSet.ForModel(new PreparedData(data.Train, data.Train, data.Statistics), vocabulary);
            var vectors = diversitySpace is null ? null : ItemVectors.Aligned(diversitySpace, vocabulary);
            var inputs = new BeyondAccuracyInputs(training, vectors?.Values, vectors?.Dimension ?? 0, facts.CategoriesOf(vocabulary));
            var report = evaluator.Evaluate(scorer, TestSet.ForModel(data, vocabulary), inputs, cancellationToken);
            var beyond = report.BeyondAt(options.Cutoffs.Max())
                ?? throw new InvalidOperationException($"No beyond-accuracy metrics at k={options.Cutoffs.Max()} for {label}.");
            results.Add(new ScorerMetrics(label, report, beyond));
        }

        return results;
    }
}
