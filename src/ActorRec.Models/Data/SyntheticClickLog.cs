using System.Globalization;

namespace ActorRec.Models.Data;

/// <summary>
/// Generates click logs with the statistics that matter to session models: Zipf item popularity, sessions that
/// follow a sparse item-transition graph (so the next item is learnable), geometric session lengths. The same
/// options always give the same log.
/// </summary>
public static class SyntheticClickLog
{
    private const string Source = "synthetic";
    private const double SecondsPerDay = 86_400;
    private const double PurchaseDelaySeconds = 1;

    /// <summary>Generates the log: sessions in start-time order, events in time order.</summary>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">An option is out of range.</exception>
    public static ClickLog Generate(SyntheticClickLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if ((long)options.Items * options.OutDegree > Array.MaxLength)
        {
            throw new ArgumentException($"{options.Items} items x {options.OutDegree} successors exceed the largest array.", nameof(options));
        }

        var random = new Random(options.Seed);
        var popularity = CumulativeZipf(options.Items, options.ZipfExponent);
        var itemIds = ShuffledIds(options.Items, random);
        var successors = TransitionGraph(options, popularity, random);

        var starts = new double[options.Sessions];
        for (var s = 0; s < starts.Length; s++)
        {
            starts[s] = options.StartTime + (random.NextDouble() * options.Days * SecondsPerDay);
        }

        Array.Sort(starts);
        var continueProbability = 1 - (1 / options.MeanSessionLength);
        var expectedEvents = (long)(options.Sessions * options.MeanSessionLength * (1 + options.PurchaseProbability));
        var records = new List<ClickRecord>((int)Math.Min(expectedEvents + 1024, Array.MaxLength));
        long line = 0;
        for (var s = 0; s < starts.Length; s++)
        {
            var sessionId = (s + 1).ToString(CultureInfo.InvariantCulture);
            var time = starts[s];
            var item = Sample(popularity, random);
            while (true)
            {
                records.Add(new ClickRecord(sessionId, itemIds[item], time, EventTypes.Click, ++line));
                if (options.PurchaseProbability > 0 && random.NextDouble() < options.PurchaseProbability)
                {
                    records.Add(new ClickRecord(sessionId, itemIds[item], time + PurchaseDelaySeconds, EventTypes.Purchase, ++line));
                }

                if (random.NextDouble() >= continueProbability)
                {
                    break;
                }

                item = random.NextDouble() < options.RestartProbability
                    ? Sample(popularity, random)
                    : successors[(item * options.OutDegree) + random.Next(options.OutDegree)];
                time += PurchaseDelaySeconds + (-Math.Log(1 - random.NextDouble()) * options.MeanSecondsBetweenEvents);
            }
        }

        return new ClickLog(Source, records, [], hasTimestamps: true);
    }

    /// <summary>
    /// The generator's options and the test split's days from a data spec "synthetic[:key=value,...]" (keys items, sessions,
    /// seed, zipf, length, purchase, testdays; test days default 1).
    /// </summary>
    /// <exception cref="ArgumentException">A setting is not key=number or its key is unknown; the message names it.</exception>
    public static (SyntheticClickLogOptions Options, double TestDays) ParseSpec(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = new SyntheticClickLogOptions();
        var testDays = 1.0;
        var colon = spec.IndexOf(':');
        var settings = colon < 0 ? [] : spec[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var setting in settings)
        {
            var parts = setting.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new ArgumentException($"--data: '{setting}' in '{spec}' is not key=number.");
            }

            switch (parts[0].ToLowerInvariant())
            {
                case "items": options.Items = (int)value; break;
                case "sessions": options.Sessions = (int)value; break;
                case "seed": options.Seed = (int)value; break;
                case "zipf": options.ZipfExponent = value; break;
                case "length": options.MeanSessionLength = value; break;
                case "purchase": options.PurchaseProbability = value; break;
                case "testdays": testDays = value; break;
                default: throw new ArgumentException($"--data: unknown synthetic setting '{parts[0]}' (items, sessions, seed, zipf, length, purchase, testdays).");
            }
        }

        options.Validate();
        return (options, testDays);
    }

    /// <summary>Generates the log and splits it by time: sessions whose last event falls in the last <paramref name="testDays"/> days are the test log.</summary>
    public static DataSetLogs GenerateSplit(SyntheticClickLogOptions options, double testDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(testDays);
        var log = Generate(options);
        var records = log.Records;
        var latest = double.NegativeInfinity;
        foreach (var record in records)
        {
            latest = Math.Max(latest, record.Timestamp);
        }

        var threshold = latest - (testDays * SecondsPerDay);
        var train = new List<ClickRecord>();
        var test = new List<ClickRecord>();
        for (var start = 0; start < records.Count;)
        {
            var end = start;
            while (end < records.Count && ReferenceEquals(records[end].SessionId, records[start].SessionId))
            {
                end++;
            }

            // Events of a session are in time order, so its last event is its latest.
            var target = records[end - 1].Timestamp >= threshold ? test : train;
            for (var e = start; e < end; e++)
            {
                target.Add(records[e]);
            }

            start = end;
        }

        return new DataSetLogs(Source, new ClickLog($"{Source}:train", train, [], hasTimestamps: true), new ClickLog($"{Source}:test", test, [], hasTimestamps: true));
    }

    /// <summary>Cumulative Zipf weights by popularity rank, normalised to end at 1.</summary>
    private static double[] CumulativeZipf(int items, double exponent)
    {
        var cumulative = new double[items];
        var total = 0.0;
        for (var rank = 0; rank < items; rank++)
        {
            total += Math.Pow(rank + 1, -exponent);
            cumulative[rank] = total;
        }

        for (var rank = 0; rank < items; rank++)
        {
            cumulative[rank] /= total;
        }

        return cumulative;
    }

    private static int Sample(double[] cumulative, Random random)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }

    /// <summary>External ids in shuffled order, so an item's id says nothing about its popularity.</summary>
    private static string[] ShuffledIds(int items, Random random)
    {
        var ids = new string[items];
        for (var i = 0; i < items; i++)
        {
            ids[i] = (i + 1).ToString(CultureInfo.InvariantCulture);
        }

        random.Shuffle(ids);
        return ids;
    }

    /// <summary>
    /// Each item's successors (OutDegree per item, flattened), sampled by popularity so popular items are also
    /// reached often; self-loops are avoided where a few retries allow.
    /// </summary>
    private static int[] TransitionGraph(SyntheticClickLogOptions options, double[] popularity, Random random)
    {
        const int SelfLoopRetries = 8;
        var successors = new int[options.Items * options.OutDegree];
        for (var item = 0; item < options.Items; item++)
        {
            for (var k = 0; k < options.OutDegree; k++)
            {
                var next = Sample(popularity, random);
                for (var retry = 0; next == item && retry < SelfLoopRetries; retry++)
                {
                    next = Sample(popularity, random);
                }

                successors[(item * options.OutDegree) + k] = next;
            }
        }

        return successors;
    }
}
