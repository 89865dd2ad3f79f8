using System.Globalization;
using System.Text;
using HdrHistogram;

namespace ActorRec.Cli.LoadTest;

/// <summary>
/// Merges the streams' timelines and writes them as CSV, one row per interval: when it started (seconds from the start
/// of the run, and UTC, to line it up with server logs and training decisions), answers per second, failed clicks,
/// latency percentiles in milliseconds, and the model versions that answered. For watching what a retrain or a model
/// swap does to serving while it happens.
/// </summary>
internal static class TimelineWriter
{
    public const string Header = "t_s,utc,answers_per_s,errors,p50_ms,p90_ms,p99_ms,max_ms,model_versions";

    public static void Write(string path, IReadOnlyList<StreamTimeline> streams, double intervalSeconds, DateTimeOffset startedAt)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, ToCsv(streams, intervalSeconds, startedAt));
        Console.WriteLine($"Timeline written to {path}");
    }

    public static string ToCsv(IReadOnlyList<StreamTimeline> streams, double intervalSeconds, DateTimeOffset startedAt)
    {
        var csv = new StringBuilder().AppendLine(Header);
        var intervals = streams.Count == 0 ? 0 : streams.Max(s => s.Bins.Count);
        for (var i = 0; i < intervals; i++)
        {
            var latency = new LongHistogram(StreamRecorder.LowestMicroseconds, StreamRecorder.HighestMicroseconds, StreamRecorder.SignificantDigits);
            long ok = 0, errors = 0;
            var versions = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var bin in streams.Where(s => i < s.Bins.Count).Select(s => s.Bins[i]))
            {
                ok += bin.Ok;
                errors += bin.Errors;
                latency.Add(bin.Latency);
                versions.UnionWith(bin.Versions);
            }

            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{i * intervalSeconds:0.###},{startedAt.AddSeconds(i * intervalSeconds):yyyy-MM-dd'T'HH:mm:ss.fff'Z'},{ok / intervalSeconds:0.#},{errors},{Ms(latency, 50)},{Ms(latency, 90)},{Ms(latency, 99)},{Max(latency)},{string.Join(' ', versions)}"));
        }

        return csv.ToString();
    }

    private static string Ms(LongHistogram latency, double percentile) =>
        latency.TotalCount == 0 ? "" : (latency.GetValueAtPercentile(percentile) / 1000.0).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Max(LongHistogram latency) =>
        latency.TotalCount == 0 ? "" : (latency.GetMaxValue() / 1000.0).ToString("0.00", CultureInfo.InvariantCulture);
}
