using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorRec.Cli.Faults;

/// <summary>Prints a fault run's faults and windows as plain text (pasted into docs as it is), and writes the JSON report.</summary>
internal static class FaultReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Everything but the summary line, which the caller prints last.</summary>
    public static IEnumerable<string> Lines(FaultReport report)
    {
        yield return $"Setup: {report.Setup}.";
        yield return string.Create(CultureInfo.InvariantCulture,
            $"Sessions {report.Sessions:N0}, resumed after a click timeout {report.Resumes:N0}, applied but unanswered {report.AppliedUnanswered:N0}, not sent (every window full) {report.NotSent:N0}; " +
            $"click log {report.LogEntries:N0} entries, {report.LogRepeats:N0} repeats of a logged (session, seq), {report.LoggedNotApplied:N0} logged but not applied.");
        yield return "fault                                          at s  back after s  recovery s  clicks disturbed";
        foreach (var fault in report.Faults)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{$"{fault.Kind} {fault.Target}",-44} {fault.At,6:0.0}  {Seconds(fault.BackSeconds),12}  {Seconds(fault.RecoverySeconds),10}  {fault.AffectedClicks,16:N0}{(fault.Problem is null ? "" : $"  ({fault.Problem})")}");
        }

        yield return "window (clicks sent from ... to)                  from s   to s  answered  p50 ms  p99 ms  max ms  failed attempts";
        foreach (var window in report.Windows)
        {
            var errors = window.Errors.Count == 0 ? "-" : string.Join(", ", window.Errors.Select(e => $"{e.Key} {e.Value}"));
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{window.Label,-48} {window.From,6:0.0} {window.To,6:0.0} {window.Answered,9:N0} {window.P50Ms,7:0.0} {window.P99Ms,7:0.0} {window.MaxMs,7:0.0}  {errors}");
        }

        foreach (var example in report.Examples)
        {
            yield return $"problem: {example}";
        }
    }

    private static string Seconds(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "never";

    public static void WriteJson(FaultReport report, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var document = new { summary = report.SummaryLine, clean = report.Clean, report };
        File.WriteAllText(full, JsonSerializer.Serialize(document, Json));
    }
}
