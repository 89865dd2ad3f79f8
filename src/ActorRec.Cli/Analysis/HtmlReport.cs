using System.Globalization;
using System.Net;
using System.Text;

namespace ActorRec.Cli.Analysis;

/// <summary>
/// Writes the analysis as one self-contained HTML file: the charts are embedded as PNG data URIs and the styles inline,
/// so the file can be mailed, attached to a run or opened from disk without anything beside it. It has no script.
/// </summary>
internal static class HtmlReport
{
    /// <summary>Section ids, in page order; tests and links rely on them.</summary>
    public static readonly IReadOnlyList<(string Id, string Heading)> Sections =
    [
        ("mirror", "Embedding mirror"),
        ("predictions", "Prediction batches"),
        ("projection", "Item embeddings in two dimensions"),
        ("metrics", "Accuracy, coverage, novelty and diversity"),
    ];

    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1400px; padding: 0 1rem; color: #1d1d1f; }
        h1 { margin-bottom: 0.2rem; }
        h2 { border-bottom: 2px solid #ddd; padding-bottom: 0.2rem; margin-top: 2.5rem; }
        nav a { margin-right: 1rem; }
        table { border-collapse: collapse; margin: 0.6rem 0 1.4rem; font-size: 0.86rem; }
        th, td { border: 1px solid #ddd; padding: 0.2rem 0.45rem; text-align: left; vertical-align: top; }
        th { background: #f3f4f6; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.query { background: #fafafa; font-weight: 600; }
        td.hit { background: #d9f7d9; font-weight: 600; }
        .muted { color: #6b7280; font-size: 0.8rem; }
        .cases { display: flex; flex-wrap: wrap; gap: 0 2rem; }
        .case { margin-bottom: 1.2rem; max-width: 100%; overflow-x: auto; }
        .context { font-family: ui-monospace, monospace; }
        figure { display: inline-block; margin: 0 1rem 1rem 0; }
        figure img { max-width: 100%; border: 1px solid #eee; }
        figcaption { font-size: 0.85rem; color: #4b5563; max-width: 900px; }
        """;

    public static void Write(AnalysisResult result, AnalysisOptions options)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\">");
        html.AppendLine("<head>");
        html.AppendLine("<meta charset=\"utf-8\">");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>ActorRec analysis: ").Append(E(result.Data)).AppendLine("</title>");
        html.Append("<style>").Append(Style).AppendLine("</style>");
        html.AppendLine("</head>");
        html.AppendLine("<body>");
        WriteHeader(html, result);
        WriteMirror(html, result, options);
        WritePredictions(html, result, options);
        WriteProjections(html, result);
        WriteMetrics(html, result);
        html.Append("<footer class=\"muted\">Written by actorrec analyze at ")
            .Append(E(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .AppendLine(".</footer>");
        html.AppendLine("</body>");
        html.AppendLine("</html>");
        File.WriteAllText(result.Report, html.ToString());
    }

    private static void WriteHeader(StringBuilder html, AnalysisResult result)
    {
        html.AppendLine("<header>");
        html.AppendLine("<h1>What the models learned</h1>");
        html.Append("<p>Data: ").Append(E(result.Data)).AppendLine("</p>");
        html.AppendLine("<table><tr><th>model</th><th>kind</th><th>version</th><th>items</th><th>checkpoint</th></tr>");
        foreach (var model in result.Models)
        {
            html.Append("<tr><td>").Append(E(model.Label)).Append("</td><td>").Append(E(model.Kind)).Append("</td><td>").Append(E(model.VersionId))
                .Append("</td><td class=\"num\">").Append(N(model.Items)).Append("</td><td class=\"muted\">").Append(E(model.Directory)).AppendLine("</td></tr>");
        }

        html.AppendLine("</table>");
        html.Append("<nav>");
        foreach (var (id, heading) in Sections)
        {
            html.Append("<a href=\"#").Append(id).Append("\">").Append(E(heading)).Append("</a>");
        }

        html.AppendLine("</nav>");
        html.AppendLine("</header>");
    }

    private static void WriteMirror(StringBuilder html, AnalysisResult result, AnalysisOptions options)
    {
        OpenSection(html, "mirror");
        html.Append("<p>For each item, the ").Append(options.Neighbours)
            .Append(" items whose learned embedding vectors are most similar to its own (cosine similarity), and the ")
            .Append(options.Neighbours)
            .AppendLine(" least similar. Items bought or viewed together should sit together; popularity is the item's number of training events.</p>");
        var withCategories = result.Mirrors.Any(t => t.Entries.Any(e => e.Query.Category is not null || e.MostSimilar.Any(n => n.Item.Category is not null)));
        foreach (var table in result.Mirrors)
        {
            html.Append("<h3>").Append(E(table.Model)).AppendLine("</h3>");
            if (table.Unknown.Count > 0)
            {
                html.Append("<p class=\"muted\">Not in this model's vocabulary: ").Append(E(string.Join(", ", table.Unknown))).AppendLine("</p>");
            }

            if (table.Entries.Count == 0)
            {
                continue;
            }

            var neighbourColumns = withCategories ? 4 : 3;
            html.Append("<table class=\"mirror\"><tr><th rowspan=\"2\">item</th><th rowspan=\"2\">#</th><th colspan=\"").Append(neighbourColumns)
                .Append("\">most similar</th><th colspan=\"").Append(neighbourColumns).AppendLine("\">least similar</th></tr>");
            html.Append("<tr>");
            for (var side = 0; side < 2; side++)
            {
                html.Append("<th>item</th><th>cosine</th><th>popularity</th>");
                if (withCategories)
                {
                    html.Append("<th>category</th>");
                }
            }

            html.AppendLine("</tr>");
            foreach (var entry in table.Entries)
            {
                var rows = Math.Max(entry.MostSimilar.Count, 1);
                for (var row = 0; row < rows; row++)
                {
                    html.Append("<tr>");
                    if (row == 0)
                    {
                        html.Append("<td class=\"query\" rowspan=\"").Append(rows).Append("\">").Append(E(entry.Query.Id))
                            .Append("<br><span class=\"muted\">popularity ").Append(N(entry.Query.Count));
                        if (entry.Query.Category is { } category)
                        {
                            html.Append(", category ").Append(E(category));
                        }

                        html.Append("</span></td>");
                    }

                    html.Append("<td class=\"num\">").Append(row + 1).Append("</td>");
                    AppendNeighbour(html, entry.MostSimilar.ElementAtOrDefault(row), withCategories);
                    AppendNeighbour(html, entry.LeastSimilar.ElementAtOrDefault(row), withCategories);
                    html.AppendLine("</tr>");
                }
            }

            html.AppendLine("</table>");
        }

        html.AppendLine("</section>");
    }

    private static void AppendNeighbour(StringBuilder html, ItemNeighbour? neighbour, bool withCategory)
    {
        if (neighbour is null)
        {
            html.Append("<td></td><td></td><td></td>");
            if (withCategory)
            {
                html.Append("<td></td>");
            }

            return;
        }

        html.Append("<td>").Append(E(neighbour.Item.Id)).Append("</td><td class=\"num\">").Append(F(neighbour.Similarity, "0.000"))
            .Append("</td><td class=\"num\">").Append(N(neighbour.Item.Count)).Append("</td>");
        if (withCategory)
        {
            html.Append("<td>").Append(E(neighbour.Item.Category ?? "")).Append("</td>");
        }
    }

    private static void WritePredictions(StringBuilder html, AnalysisResult result, AnalysisOptions options)
    {
        OpenSection(html, "predictions");
        html.Append("<p>").Append(result.Predictions.Count)
            .Append(" test sessions drawn at random (seed ").Append(options.Seed)
            .Append("), each cut before a random event: the last items before the cut, the item that really came next, and each model's top ")
            .Append(options.TopN)
            .AppendLine(" with the softmax probability of its scores over the whole catalog. A green cell is the true next item.</p>");
        html.AppendLine("<div class=\"cases\">");
        var number = 0;
        foreach (var prediction in result.Predictions)
        {
            number++;
            html.Append("<div class=\"case\" id=\"case-").Append(number).AppendLine("\">");
            html.Append("<h3>Session ").Append(E(prediction.SessionId)).Append("</h3>");
            var shown = prediction.Items.TakeLast(options.ContextItems).ToList();
            html.Append("<p>");
            if (prediction.Items.Count > shown.Count)
            {
                html.Append("<span class=\"muted\">").Append(prediction.Items.Count - shown.Count).Append(" earlier items, then</span> ");
            }

            html.Append("<span class=\"context\">").Append(string.Join(" &rarr; ", shown.Select(Describe))).Append("</span>")
                .Append(" &rArr; true next item: <strong>").Append(Describe(prediction.Target)).AppendLine("</strong></p>");
            html.Append("<table><tr><th>#</th>");
            foreach (var model in prediction.Predictions)
            {
                html.Append("<th>").Append(E(model.Model)).Append("</th>");
            }

            html.AppendLine("</tr>");
            var rows = prediction.Predictions.Max(p => p.Top.Count);
            for (var row = 0; row < rows; row++)
            {
                html.Append("<tr><td class=\"num\">").Append(row + 1).Append("</td>");
                foreach (var model in prediction.Predictions)
                {
                    if (model.Top.ElementAtOrDefault(row) is not { } item)
                    {
                        html.Append("<td></td>");
                        continue;
                    }

                    var hit = item.Item.Id == prediction.Target.Id;
                    html.Append(hit ? "<td class=\"hit\">&#10003; " : "<td>").Append(Describe(item.Item))
                        .Append(" <span class=\"muted\">").Append(P(item.Probability)).Append("</span></td>");
                }

                html.AppendLine("</tr>");
            }

            html.Append("<tr><th>true item</th>");
            foreach (var model in prediction.Predictions)
            {
                html.Append("<td>");
                if (model.TargetRank is { } rank)
                {
                    html.Append("rank ").Append(N(rank)).Append(", p ").Append(P(model.TargetProbability ?? 0));
                }
                else
                {
                    html.Append(model.Top.Count == 0 ? "knows none of the session's items" : "not in the model's vocabulary");
                }

                if (model.UnknownItems > 0)
                {
                    html.Append(" <span class=\"muted\">(").Append(model.UnknownItems).Append(" unknown items skipped)</span>");
                }

                html.Append("</td>");
            }

            html.AppendLine("</tr></table>");
            html.AppendLine("</div>");
        }

        html.AppendLine("</div>");
        html.AppendLine("</section>");
    }

    private static void WriteProjections(StringBuilder html, AnalysisResult result)
    {
        OpenSection(html, "projection");
        html.AppendLine("<p>Every item's learned embedding vector projected onto the two directions along which the vectors vary most " +
            "(principal component analysis). Items the model treats alike lie close together. Colour shows popularity " +
            "(log10 of 1 + training events) and, where the data has them, the most frequent categories.</p>");
        foreach (var projection in result.Projections)
        {
            var caption = string.Create(CultureInfo.InvariantCulture,
                $"{projection.Model}: the two components explain {projection.Projection.ExplainedX:P1} and {projection.Projection.ExplainedY:P1} of the variance.");
            AppendFigure(html, projection.ByPopularity, caption);
            if (projection.ByCategory is { } byCategory)
            {
                AppendFigure(html, byCategory, $"{projection.Model}: the same projection coloured by category.");
            }
        }

        html.AppendLine("</section>");
    }

    private static void WriteMetrics(StringBuilder html, AnalysisResult result)
    {
        OpenSection(html, "metrics");
        if (result.Metrics.Count == 0)
        {
            html.AppendLine("</section>");
            return;
        }

        var first = result.Metrics[0];
        var k = first.BeyondAccuracy.K;
        var cutoffs = first.Accuracy.Metrics.Select(m => m.K).ToArray();
        html.Append("<p>Next-item prediction on ").Append(N(first.Accuracy.Targets))
            .Append(" test targets against the whole catalog (ranking rule: ").Append(E(first.Accuracy.RankingRule)).Append("). ")
            .Append("HR@k is the share of targets ranked in the top k (= Recall@k), MRR@k the mean reciprocal rank, NDCG@k the discounted gain. ")
            .Append("Coverage, novelty and diversity are measured on the top-").Append(k).Append(" lists: coverage is the share of the catalog recommended at least once, ")
            .Append("the long tail is the items below the 90th percentile of training popularity, novelty the mean -log2 of a recommended item's share of training events, ")
            .Append("embedding diversity the mean pairwise cosine distance within a list");
        if (result.DiversitySpace is { } space)
        {
            html.Append(" (measured for every model in the item vectors of ").Append(E(space)).Append(", so that the numbers compare)");
        }

        html.AppendLine(", category diversity the distinct categories per listed item, and repetitiveness the items per list already seen in the session.</p>");
        html.Append("<table><tr><th>model</th>");
        foreach (var name in new[] { "HR", "MRR", "NDCG" })
        {
            foreach (var cutoff in cutoffs)
            {
                html.Append("<th>").Append(name).Append('@').Append(cutoff).Append("</th>");
            }
        }

        foreach (var name in new[] { "coverage", "long-tail coverage", "long-tail share", "novelty (bits)", "embedding diversity", "category diversity", "repetitiveness" })
        {
            html.Append("<th>").Append(name).Append('@').Append(k).Append("</th>");
        }

        html.AppendLine("</tr>");
        foreach (var metrics in result.Metrics)
        {
            html.Append("<tr><td>").Append(E(metrics.Label)).Append("</td>");
            var accuracy = metrics.Accuracy.Metrics;
            foreach (var value in accuracy.Select(m => m.Recall).Concat(accuracy.Select(m => m.Mrr)).Concat(accuracy.Select(m => m.Ndcg)))
            {
                AppendNumber(html, value);
            }

            var beyond = metrics.BeyondAccuracy;
            foreach (var value in new[] { beyond.Coverage, beyond.LongTailCoverage, beyond.LongTailShare, beyond.Novelty, beyond.Diversity, beyond.CategoryDiversity, beyond.Repetitiveness })
            {
                AppendNumber(html, value);
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</table>");
        foreach (var chart in result.MetricCharts)
        {
            AppendFigure(html, chart, Path.GetFileNameWithoutExtension(chart).Replace("metrics-", "", StringComparison.Ordinal) + " by model");
        }

        html.AppendLine("</section>");
    }

    private static void OpenSection(StringBuilder html, string id)
    {
        var heading = Sections.Single(s => s.Id == id).Heading;
        html.Append("<section id=\"").Append(id).AppendLine("\">");
        html.Append("<h2>").Append(E(heading)).AppendLine("</h2>");
    }

    private static void AppendFigure(StringBuilder html, string png, string caption)
    {
        html.Append("<figure><img src=\"data:image/png;base64,").Append(Convert.ToBase64String(File.ReadAllBytes(png)))
            .Append("\" alt=\"").Append(E(caption)).Append("\"><figcaption>").Append(E(caption))
            .Append(" <span class=\"muted\">(").Append(E(Path.GetFileName(png))).AppendLine(")</span></figcaption></figure>");
    }

    private static void AppendNumber(StringBuilder html, double? value) =>
        html.Append("<td class=\"num\">").Append(value is { } v ? F(v, "0.0000") : "n/a").Append("</td>");

    private static string Describe(ItemInfo item) =>
        item.Category is { } category ? $"{E(item.Id)} <span class=\"muted\">[{E(category)}]</span>" : E(item.Id);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    // Four decimals read best; below 0.0001 they would all read 0, so small probabilities keep two significant digits.
    private static string P(double probability) => F(probability, probability >= 1e-4 || probability == 0 ? "0.0000" : "0.0E+0");

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
