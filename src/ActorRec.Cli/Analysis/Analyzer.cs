using System.Globalization;
using System.Text;
using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;

namespace ActorRec.Cli.Analysis;

/// <summary>
/// Runs the whole analysis of `actorrec analyze` on data already prepared and models already loaded: embedding mirror
/// tables, prediction batches, embedding projections and the metric comparison, written as PNG files and one HTML report.
/// </summary>
internal sealed class Analyzer(AnalysisOptions options, TextWriter? log = null)
{
    public const string ReportFile = "report.html";

    /// <param name="dataDescription">How the report names the data.</param>
    /// <param name="data">Prepared training and test sessions.</param>
    /// <param name="categories">Category by external item id, or null when the data set has none.</param>
    /// <param name="models">The models; items are matched across them by external id, so their vocabularies may differ.</param>
    /// <param name="baselines">Baselines over <paramref name="data"/>'s vocabulary, added to the metric comparison.</param>
    /// <param name="folder">Output folder, created when missing.</param>
    /// <param name="cancellationToken">Stops the evaluation between steps.</param>
    /// <exception cref="ArgumentException">No model was given, or a requested item is unknown to the data and every model.</exception>
    public AnalysisResult Run(
        string dataDescription,
        PreparedData data,
        IReadOnlyDictionary<string, string>? categories,
        IReadOnlyList<AnalyzedModel> models,
        IReadOnlyList<INextItemScorer> baselines,
        string folder,
        CancellationToken cancellationToken)
    {
        options.Validate();
        if (models.Count == 0)
        {
            throw new ArgumentException("--model: give at least one checkpoint to analyse.");
        }

        Directory.CreateDirectory(folder);
        var facts = new ItemFacts(data.Train, categories);
        var items = ChooseItems(facts, models);
        var embeddings = models.Select(m => ItemEmbeddingMatrix.Of(m.Model)).ToList();

        Log($"Embedding mirror of {items.Count} items, {options.Neighbours} neighbours each");
        var mirrors = models.Select((m, i) => EmbeddingMirror.Build(m.Label, embeddings[i], items, facts, options.Neighbours)).ToList();

        Log($"Prediction batches of {options.Sessions} test sessions (seed {options.Seed})");
        var samples = PredictionBatches.Sample(data.Test, options.Sessions, options.Seed);
        var predictions = models.Select(m => PredictionBatches.Predict(m.Label, m.Model, m.Model.Vocabulary, samples, options.TopN, facts)).ToList();
        var cases = samples.Select((s, i) => new PredictionCase(
            s.SessionId, [.. s.Items.Select(facts.Describe)], facts.Describe(s.Target), [.. predictions.Select(p => p[i])])).ToList();

        Log("Embedding projections");
        var projections = models.Select((m, i) => Project(folder, i, m.Label, embeddings[i], facts)).ToList();

        Log($"Metrics of {models.Count + baselines.Count} models and baselines on {data.Test.TargetCount:N0} test targets");
        var scorers = models.Select(m => new ComparedScorer(m.Label, m.Model, m.Model.Vocabulary))
            .Concat(baselines.Select(b => new ComparedScorer(b.Name, b, data.Vocabulary)))
            .ToList();
        var metrics = MetricsComparison.Run(scorers, data, facts, models[0].Model, options, cancellationToken);
        var charts = MetricCharts.Save(folder, metrics, options.Cutoffs);

        var result = new AnalysisResult(
            dataDescription,
            [.. models.Select(m => new ModelDescription(m.Label, m.Manifest.ModelKind, m.Manifest.VersionId, m.Directory, m.Model.ItemCount))],
            mirrors,
            cases,
            projections,
            metrics,
            charts,
            models[0].Label,
            Path.Combine(folder, ReportFile));
        HtmlReport.Write(result, options);
        return result;
    }

    private IReadOnlyList<string> ChooseItems(ItemFacts facts, IReadOnlyList<AnalyzedModel> models)
    {
        if (options.Items.Count == 0)
        {
            return facts.MostPopular(options.PopularItems);
        }

        var unknown = options.Items.Where(id => !facts.IsKnown(id) && !models.Any(m => m.Model.Vocabulary.TryGetIndex(id, out _))).ToList();
        if (unknown.Count > 0)
        {
            var examples = string.Join(", ", facts.MostPopular(3));
            var what = unknown.Count == 1 ? "is not an item" : "are not items";
            throw new ArgumentException(
                $"--items: {string.Join(", ", unknown.Select(id => $"'{id}'"))} {what} of the data or of any model (the most popular items are {examples}).");
        }

        return [.. options.Items.Distinct(StringComparer.Ordinal)];
    }

    private ProjectionFigure Project(string folder, int index, string label, ItemEmbeddingMatrix embeddings, ItemFacts facts)
    {
        var projection = EmbeddingProjection.Compute(embeddings);
        var stem = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"projection-{index + 1}-{Slug(label)}"));
        var ids = embeddings.Vocabulary.Ids;
        var byPopularity = stem + ".png";
        ProjectionChart.SaveByValue(
            byPopularity,
            $"{label}: item embeddings (PCA), coloured by popularity",
            projection,
            [.. ids.Select(id => Math.Log10(1 + facts.Count(id)))],
            "log10(1 + training events)");

        string? byCategory = null;
        var categories = ids.Select(facts.Category).ToArray();
        if (categories.Any(c => c is not null))
        {
            byCategory = stem + "-categories.png";
            ProjectionChart.SaveByCategory(byCategory, $"{label}: item embeddings (PCA), coloured by category", projection, categories, options.ProjectedCategories);
        }

        return new ProjectionFigure(label, projection, byPopularity, byCategory);
    }

    // File names from labels such as "gru4rec (yc-xe-1)" or "SQN, seed 2": letters and digits, the rest as single dashes.
    private static string Slug(string label)
    {
        var slug = new StringBuilder(label.Length);
        foreach (var c in label.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-') is { Length: > 0 } s ? s : "model";
    }

    private void Log(string message) => log?.WriteLine(message);
}
