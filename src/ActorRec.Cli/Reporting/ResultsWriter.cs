using System.Globalization;
using System.Text;
using System.Text.Json;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Evaluation;
using Spectre.Console;

namespace ActorRec.Cli.Reporting;

/// <summary>Writes evaluation results as a console table, a JSON file and a Markdown file.</summary>
internal static class ResultsWriter
{
    public static void Write(string title, string dataDescription, IReadOnlyList<EvaluationReport> reports, string? outputDirectory, string fileStem)
    {
        AnsiConsole.Write(ToTable(title, reports));
        if (BeyondRows(reports) is { Count: > 0 } beyondRows)
        {
            var beyond = new Table().Title($"Beyond accuracy at {BeyondCutoff(reports)}").Border(TableBorder.Rounded);
            foreach (var column in BeyondHeader)
            {
                beyond.AddColumn(new TableColumn(column).RightAligned());
            }

            foreach (var row in beyondRows)
            {
                beyond.AddRow([.. row.Select(Markup.Escape)]);
            }

            AnsiConsole.Write(beyond);
        }

        if (outputDirectory is null)
        {
            return;
        }

        Directory.CreateDirectory(outputDirectory);
        var json = Path.Combine(outputDirectory, fileStem + ".json");
        var markdown = Path.Combine(outputDirectory, fileStem + ".md");
        File.WriteAllText(json, JsonSerializer.Serialize(new { title, data = dataDescription, createdAt = DateTimeOffset.UtcNow, results = reports }, Checkpoint.JsonOptions));
        File.WriteAllText(markdown, ToMarkdown(title, dataDescription, reports));
        Console.WriteLine($"Results written to {json} and {markdown}");
    }

    public static string ToMarkdown(string title, string dataDescription, IReadOnlyList<EvaluationReport> reports)
    {
        var cutoffs = Cutoffs(reports);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {title}").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Data: {dataDescription}. Ranking rule: {string.Join(", ", reports.Select(r => r.RankingRule).Distinct())}.").AppendLine();
        string[] header = ["model", "targets", .. cutoffs.Select(k => $"Recall@{k}"), .. cutoffs.Select(k => $"MRR@{k}"), .. cutoffs.Select(k => $"NDCG@{k}"), .. cutoffs.Select(k => $"Coverage@{k}")];
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var (name, targets, metrics) in Rows(reports))
        {
            string[] cells =
            [
                name,
                targets.ToString(CultureInfo.InvariantCulture),
                .. cutoffs.Select(k => Format(metrics, k, m => m.Recall)),
                .. cutoffs.Select(k => Format(metrics, k, m => m.Mrr)),
                .. cutoffs.Select(k => Format(metrics, k, m => m.Ndcg)),
                .. cutoffs.Select(k => Format(metrics, k, m => m.Coverage)),
            ];
            text.AppendLine("| " + string.Join(" | ", cells) + " |");
        }

        if (BeyondRows(reports) is { Count: > 0 } beyondRows)
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Beyond accuracy at {BeyondCutoff(reports)}:").AppendLine();
            text.AppendLine("| " + string.Join(" | ", BeyondHeader) + " |");
            text.AppendLine("|" + string.Concat(BeyondHeader.Select(_ => "---|")));
            foreach (var row in beyondRows)
            {
                text.AppendLine("| " + string.Join(" | ", row) + " |");
            }
        }

        return text.ToString();
    }

    private static readonly string[] BeyondHeader =
        ["model", "coverage", "long-tail coverage", "diversity (embedding)", "diversity (categories)", "novelty (bits)", "long-tail share", "repetitiveness"];

    private static int BeyondCutoff(IReadOnlyList<EvaluationReport> reports) =>
        reports.SelectMany(r => r.BeyondAccuracy.Select(b => b.K)).DefaultIfEmpty(0).Max();

    private static List<string[]> BeyondRows(IReadOnlyList<EvaluationReport> reports)
    {
        var k = BeyondCutoff(reports);
        return [.. reports.Where(r => r.BeyondAt(k) is not null).Select(r =>
        {
            var b = r.BeyondAt(k)!;
            return new[]
            {
                r.Model, F(b.Coverage), F(b.LongTailCoverage), F(b.Diversity), F(b.CategoryDiversity), F(b.Novelty), F(b.LongTailShare), F(b.Repetitiveness),
            };
        })];
    }

    private static string F(double? value) => value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "-";

    private static Table ToTable(string title, IReadOnlyList<EvaluationReport> reports)
    {
        var cutoffs = Cutoffs(reports);
        var table = new Table().Title(Markup.Escape(title)).Border(TableBorder.Rounded);
        table.AddColumn("model");
        table.AddColumn(new TableColumn("targets").RightAligned());
        foreach (var k in cutoffs)
        {
            table.AddColumn(new TableColumn($"R@{k}").RightAligned());
        }

        foreach (var k in cutoffs)
        {
            table.AddColumn(new TableColumn($"MRR@{k}").RightAligned());
        }

        var last = cutoffs[^1];
        table.AddColumn(new TableColumn($"NDCG@{last}").RightAligned());
        table.AddColumn(new TableColumn($"Cov@{last}").RightAligned());
        foreach (var (name, targets, metrics) in Rows(reports))
        {
            List<string> cells = [Markup.Escape(name), targets.ToString("N0", CultureInfo.InvariantCulture)];
            cells.AddRange(cutoffs.Select(k => Format(metrics, k, m => m.Recall)));
            cells.AddRange(cutoffs.Select(k => Format(metrics, k, m => m.Mrr)));
            cells.Add(Format(metrics, last, m => m.Ndcg));
            cells.Add(Format(metrics, last, m => m.Coverage));
            table.AddRow([.. cells]);
        }

        return table;
    }

    private static IEnumerable<(string Name, long Targets, IReadOnlyList<MetricsAtK> Metrics)> Rows(IReadOnlyList<EvaluationReport> reports)
    {
        foreach (var report in reports)
        {
            yield return (report.Model, report.Targets, report.Metrics);
            foreach (var byType in report.ByEventType)
            {
                yield return ($"{report.Model} [{byType.EventType}]", byType.Targets, byType.Metrics);
            }
        }
    }

    private static int[] Cutoffs(IReadOnlyList<EvaluationReport> reports) =>
        [.. reports.SelectMany(r => r.Metrics.Select(m => m.K)).Distinct().Order()];

    private static string Format(IReadOnlyList<MetricsAtK> metrics, int k, Func<MetricsAtK, double?> select)
    {
        var m = metrics.FirstOrDefault(x => x.K == k);
        return m is null || select(m) is not { } value ? "-" : value.ToString("F4", CultureInfo.InvariantCulture);
    }
}
