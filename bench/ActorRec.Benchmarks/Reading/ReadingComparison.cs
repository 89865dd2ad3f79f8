using System.Diagnostics;
using System.Globalization;
using ActorRec.Models.Data;

namespace ActorRec.Benchmarks.Reading;

/// <summary>
/// `reading [--rounds N] FILE...`: reads each delimited click log with the hand-written splitter and with Sep,
/// alternating which goes first, checks that both give the same records, and prints the median times side by side.
/// Side by side in one process, because this machine's speed varies too much between runs to compare runs.
/// </summary>
internal static class ReadingComparison
{
    public static int Run(IReadOnlyList<string> args)
    {
        var rounds = 7;
        var files = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--rounds" && i + 1 < args.Count)
            {
                rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                files.Add(args[i]);
            }
        }

        if (files.Count == 0)
        {
            Console.Error.WriteLine("usage: reading [--rounds N] FILE... (GRU4Rec TSV 'SessionId ItemId Time' or JData CSV)");
            return 2;
        }

        Console.WriteLine($"| file | MB | rows | hand-written splitter, median ms | Sep, median ms | Sep / hand-written | rounds |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var file in files)
        {
            var options = OptionsFor(file);
            var sep = new DelimitedClickReader(options);
            var legacy = new LegacyDelimitedClickReader(sep);
            var expected = legacy.Read(file);
            var actual = sep.Read(file);
            if (!expected.Records.SequenceEqual(actual.Records) || expected.MalformedRows.Count != actual.MalformedRows.Count)
            {
                Console.Error.WriteLine($"{file}: the two readers disagree ({expected.Records.Count} vs {actual.Records.Count} records, {expected.MalformedRows.Count} vs {actual.MalformedRows.Count} malformed rows).");
                return 1;
            }

            var legacyTimes = new List<double>();
            var sepTimes = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                // Alternate the order so neither reader always runs on a warmer cache or a quieter machine.
                if (round % 2 == 0)
                {
                    legacyTimes.Add(Time(() => legacy.Read(file)));
                    sepTimes.Add(Time(() => sep.Read(file)));
                }
                else
                {
                    sepTimes.Add(Time(() => sep.Read(file)));
                    legacyTimes.Add(Time(() => legacy.Read(file)));
                }
            }

            var legacyMedian = Median(legacyTimes);
            var sepMedian = Median(sepTimes);
            var megabytes = new FileInfo(file).Length / 1e6;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Path.GetFileName(file)} | {megabytes:F1} | {expected.Records.Count:N0} | {legacyMedian:F1} | {sepMedian:F1} | {sepMedian / legacyMedian:F2} | {rounds} |"));
        }

        return 0;
    }

    private static DelimitedReaderOptions OptionsFor(string file)
    {
        using var reader = new StreamReader(file);
        var header = reader.ReadLine() ?? string.Empty;
        return header.Contains("sku_id", StringComparison.Ordinal) ? DataSets.JDataCsv : DataSets.GruTsv;
    }

    private static double Time(Func<ClickLog> read)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var watch = Stopwatch.StartNew();
        var log = read();
        watch.Stop();
        GC.KeepAlive(log);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
