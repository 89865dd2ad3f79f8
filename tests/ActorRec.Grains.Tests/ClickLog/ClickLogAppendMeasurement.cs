using System.Diagnostics;
using System.Globalization;
using ActorRec.Grains.ClickLog;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Grains.Tests.ClickLog;

/// <summary>
/// Measures the file log's append throughput and latency (what a session grain waits before it answers) with concurrent
/// appenders, with the default flush interval and with a forced disk write per group. Explicit: it asserts nothing and
/// runs only when asked for; the numbers go to the test output and docs/click-log-and-metrics.md.
/// </summary>
/// <remarks>
/// Run: dotnet artifacts/bin/ActorRec.Grains.Tests/release/ActorRec.Grains.Tests.dll -class
/// ActorRec.Grains.Tests.ClickLog.ClickLogAppendMeasurement -explicit only (after a Release build of the test project).
/// A measurement rather than a BenchmarkDotNet suite because bench/ does not reference the grains project.
/// </remarks>
public sealed class ClickLogAppendMeasurement
{
    private const int ClicksPerRun = 200_000;

    [Fact(Explicit = true)]
    public async Task Append_throughput_and_latency()
    {
        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine("| flush interval | appenders | clicks/s | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var flush in new[] { TimeSpan.FromSeconds(1), TimeSpan.Zero })
        {
            foreach (var appenders in new[] { 1, 16, 256 })
            {
                using var folder = new TempFolder();
                using var log = ClickLogs.Open(folder.Path, segmentBytes: 64L << 20, retainSegments: 32, flushInterval: flush);

                // Forced to disk per group, a run of 200,000 single appends would take minutes: fewer clicks say as much.
                var total = flush == TimeSpan.Zero && appenders == 1 ? 5_000 : ClicksPerRun;
                await RunAsync(log, appenders, total / 10);
                var (seconds, latencies) = await RunAsync(log, appenders, total);
                Array.Sort(latencies);
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {flush.TotalSeconds:0} s | {appenders} | {total / seconds:N0} | {Micros(latencies, 0.5)} | {Micros(latencies, 0.9)} | {Micros(latencies, 0.99)} | {Micros(latencies, 0.999)} | {Micros(latencies, 1)} |"));
            }
        }
    }

    /// <summary>Appenders each append their share of <paramref name="total"/> clicks one after the other, awaiting each, like session grains.</summary>
    private static async Task<(double Seconds, long[] Latencies)> RunAsync(IClickLog log, int appenders, int total)
    {
        var perAppender = total / appenders;
        var latencies = new long[perAppender * appenders];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
        {
            var session = Guid.NewGuid().ToString();
            for (var i = 0; i < perAppender; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await log.AppendAsync(new LoggedClick(session, i + 1, (214_536_000 + i).ToString(CultureInfo.InvariantCulture), "click", 1_700_000_000_000 + i));
                latencies[(a * perAppender) + i] = Stopwatch.GetTimestamp() - started;
            }
        })));
        return (clock.Elapsed.TotalSeconds, latencies);
    }

    private static string Micros(long[] sorted, double quantile)
    {
        var index = Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1);
        return (sorted[Math.Max(0, index)] * 1e6 / Stopwatch.Frequency).ToString("N0", CultureInfo.InvariantCulture);
    }
}
