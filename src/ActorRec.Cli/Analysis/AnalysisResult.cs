namespace ActorRec.Cli.Analysis;

/// <summary>Everything `actorrec analyze` computed and the files it wrote.</summary>
/// <param name="Data">Description of the analysed data.</param>
/// <param name="Models">The analysed models, in the order given.</param>
/// <param name="Mirrors">One embedding mirror table per model.</param>
/// <param name="Predictions">The sampled test sessions with every model's prediction.</param>
/// <param name="Projections">One embedding projection per model.</param>
/// <param name="Metrics">Models, then baselines, on the test set.</param>
/// <param name="MetricCharts">The metric bar charts (PNG paths).</param>
/// <param name="DiversitySpace">Label of the model whose item vectors measure every list's diversity; null without models.</param>
/// <param name="Report">The HTML report's path.</param>
internal sealed record AnalysisResult(
    string Data,
    IReadOnlyList<ModelDescription> Models,
    IReadOnlyList<MirrorTable> Mirrors,
    IReadOnlyList<PredictionCase> Predictions,
    IReadOnlyList<ProjectionFigure> Projections,
    IReadOnlyList<ScorerMetrics> Metrics,
    IReadOnlyList<string> MetricCharts,
    string? DiversitySpace,
    string Report)
{
    /// <summary>Every file written, report last.</summary>
    public IEnumerable<string> Files =>
        [.. Projections.SelectMany(p => p.ByCategory is null ? [p.ByPopularity] : new[] { p.ByPopularity, p.ByCategory }), .. MetricCharts, Report];
}
