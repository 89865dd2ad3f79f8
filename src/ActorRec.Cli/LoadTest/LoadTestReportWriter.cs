using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace ActorRec.Cli.LoadTest;

/// <summary>Prints a load test report as a table and writes it as JSON.</summary>
internal static class LoadTestReportWriter
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write(LoadTestReport report, string? jsonPath)
    {
        AnsiConsole.Write(ToTable(report));
        if (jsonPath is null)
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(jsonPath));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(jsonPath, JsonSerializer.Serialize(report, JsonOptions));
        Console.WriteLine($"Report written to {jsonPath}");
    }

    private static Table ToTable(LoadTestReport report)
    {
        var title = $"loadtest {report.RunId}{(report.Cancelled ? " (cancelled)" : "")}";
        var table = new Table().Title(Markup.Escape(title)).Border(TableBorder.Rounded);
        table.AddColumn("measure");
        table.AddColumn(new TableColumn("value").RightAligned());
        foreach (var (name, value) in Rows(report))
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(value));
        }

        return table;
    }

    private static IEnumerable<(string Name, string Value)> Rows(LoadTestReport r)
    {
        yield return ("server", r.Url);
        yield return ("data", r.Data);
        yield return ("mode", r.TargetRate is { } rate
            ? Invariant($"open, {rate:N0} clicks/s over {r.Streams} streams, {r.SessionsPerStream} sessions each")
            : Invariant($"closed, {r.Streams} streams x {r.SessionsPerStream} sessions in flight"));
        yield return ("window", Invariant($"{r.WarmupSeconds:0.#} s warm-up, {r.MeasuredSeconds:0.#} s measured"));
        yield return ("k", Invariant($"{r.K}{(r.ExcludeSeen ? ", excluding seen items" : "")}"));
        yield return ("clicks sent", Invariant($"{r.Sent:N0}"));
        yield return ("answered", Invariant($"{r.Ok:N0} ok of {r.Responses:N0}"));
        yield return ("throughput", Invariant($"{r.ThroughputPerSecond:N0} answers/s"));
        if (r.LatencyMs is { } latency)
        {
            yield return ("latency p50", Ms(latency.P50));
            yield return ("latency p90", Ms(latency.P90));
            yield return ("latency p99", Ms(latency.P99));
            yield return ("latency p99.9", Ms(latency.P999));
            yield return ("latency max", Ms(latency.Max));
        }

        if (r.SendLagMs is { } lag)
        {
            yield return ("send lag p50 / p99 / max", Invariant($"{lag.P50:F3} / {lag.P99:F3} / {lag.Max:F3} ms"));
        }

        yield return ("errors", r.Errors.Count == 0 ? "none" : string.Join(", ", r.Errors.Select(e => Invariant($"{e.Key} {e.Value:N0}"))));
        yield return ("unanswered", Invariant($"{r.Unanswered:N0}"));
        if (r.TargetRate is not null)
        {
            yield return ("unsent (client behind)", Invariant($"{r.Unsent:N0}"));
        }

        yield return ("stream restarts", Invariant($"{r.StreamRestarts:N0}"));
        yield return ("unknown items", Invariant($"{r.UnknownItems:N0}"));
        yield return ("mean batch size", r.MeanBatchSize is { } batch ? Invariant($"{batch:F2}") : "-");
        yield return ("model versions", r.LastModelVersion is null ? "-" : Invariant($"{r.ModelVersions} (last {r.LastModelVersion})"));
    }

    private static string Ms(double value) => Invariant($"{value:F3} ms");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
