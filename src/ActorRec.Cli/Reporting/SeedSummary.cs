using System.Globalization;
using System.Text;
using ActorRec.Models.Evaluation;
using Spectre.Console;

namespace ActorRec.Cli.Reporting;

/// <summary>
/// Mean and sample standard deviation of every metric over runs that differ only by their seed: one column per model,
/// one row per metric, so accuracy and beyond-accuracy read side by side.
/// </summary>
internal static class SeedSummary
{
    public static void Write(IReadOnlyList<EvaluationReport> reports, IReadOnlyList<string> groups, string? outputDirectory)
    {
        var grouped = reports.Zip(groups).GroupBy(p => p.Second, p => p.First).Select(g => (Key: g.Key, Runs: g.ToList())).ToList();
        if (grouped.All(g => g.Runs.Count < 2))
        {
            return;
        }

        var labels = Labels(grouped.Select(g => g.Key).ToList(), grouped.Select(g => g.Runs.Count).ToList());
        var table = new Table().Title("Mean ± standard deviation over seeds").Border(TableBorder.Rounded);
        table.AddColumn("metric");
        foreach (var label in labels)
        {
            table.AddColumn(new TableColumn(Markup.Escape(label)).RightAligned());
        }

        var markdown = new StringBuilder("| metric | " + string.Join(" | ", labels) + " |\n");
        markdown.AppendLine("|---|" + string.Concat(labels.Select(_ => "---|")));
        foreach (var (name, value) in SummaryMetrics.For(reports))
        {
            List<string> cells = [name, .. grouped.Select(g => MeanStd(g.Runs.Select(value)))];
            table.AddRow([.. cells.Select(Markup.Escape)]);
            markdown.AppendLine("| " + string.Join(" | ", cells) + " |");
        }

        AnsiConsole.Write(table);
        if (outputDirectory is not null)
        {
            File.WriteAllText(Path.Combine(outputDirectory, "compare-seeds.md"), markdown.ToString());
        }
    }

    /// <summary>Short column names: the model kind (the group key's first word) with the run count, numbered when kinds repeat.</summary>
    private static List<string> Labels(IReadOnlyList<string> keys, IReadOnlyList<int> counts)
    {
        var kinds = keys.Select(k => k.Split(' ', 2)[0]).ToList();
        return [.. kinds.Select((kind, i) =>
            (kinds.Count(k => k == kind) > 1 ? $"{kind} #{kinds.Take(i + 1).Count(k => k == kind)}" : kind) + $" (n={counts[i]})")];
    }

    private static string MeanStd(IEnumerable<double?> values)
    {
        var list = values.OfType<double>().ToList();
        if (list.Count == 0)
        {
            return "-";
        }

        var mean = list.Average();
        var std = list.Count > 1 ? Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1)) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{mean:F4} ± {std:F4}");
    }
}
