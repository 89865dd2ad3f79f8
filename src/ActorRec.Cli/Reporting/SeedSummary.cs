using System.Globalization;
using System.Text;
using ActorRec.Models.Evaluation;
using Spectre.Console;

namespace ActorRec.Cli.Reporting;

/// <summary>Mean and sample standard deviation of the metrics of runs that differ only by their seed.</summary>
internal static class SeedSummary
{
    public static void Write(IReadOnlyList<EvaluationReport> reports, IReadOnlyList<string> groups, string? outputDirectory)
    {
        var grouped = reports.Zip(groups).GroupBy(p => p.Second, p => p.First).Where(g => g.Count() > 1).ToList();
        if (grouped.Count == 0)
        {
            return;
        }

        var cutoffs = reports[0].Metrics.Select(m => m.K).ToArray();
        var table = new Table().Title("Mean ± standard deviation over seeds").Border(TableBorder.Rounded);
        table.AddColumn("runs");
        table.AddColumn("n");
        foreach (var k in cutoffs)
        {
            table.AddColumn(new TableColumn($"R@{k}").RightAligned());
            table.AddColumn(new TableColumn($"MRR@{k}").RightAligned());
        }

        var markdown = new StringBuilder("| runs | n | " + string.Join(" | ", cutoffs.SelectMany(k => new[] { $"Recall@{k}", $"MRR@{k}" })) + " |\n");
        markdown.AppendLine("|---|---|" + string.Concat(cutoffs.SelectMany(_ => new[] { "---|", "---|" })));
        foreach (var group in grouped)
        {
            var runs = group.ToList();
            var name = string.Join(", ", runs.Select(r => r.Model));
            List<string> cells = [name, runs.Count.ToString(CultureInfo.InvariantCulture)];
            foreach (var k in cutoffs)
            {
                cells.Add(MeanStd(runs.Select(r => r.At(k).Recall)));
                cells.Add(MeanStd(runs.Select(r => r.At(k).Mrr)));
            }

            table.AddRow([.. cells.Select(Markup.Escape)]);
            markdown.AppendLine("| " + string.Join(" | ", cells) + " |");
        }

        AnsiConsole.Write(table);
        if (outputDirectory is not null)
        {
            File.WriteAllText(Path.Combine(outputDirectory, "compare-seeds.md"), markdown.ToString());
        }
    }

    private static string MeanStd(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        var std = list.Count > 1 ? Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1)) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{mean:F4} ± {std:F4}");
    }
}
