using System.Globalization;
using ActorRec.Models.Data;

namespace ActorRec.Cli;

/// <summary>
/// Where a command reads its sessions from, written as one string so that a checkpoint can record it:
/// a data set folder (or the name of one under the shared data folder), or "synthetic[:key=value,...]"
/// with the generator's options (items, sessions, seed, zipf, length, purchase, testdays).
/// </summary>
internal sealed record DataSource(string Spec, string Description, DataSetLogs Logs)
{
    public const string SyntheticPrefix = "synthetic";

    public static DataSource Resolve(string spec)
    {
        if (spec.StartsWith(SyntheticPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Synthetic(spec);
        }

        var folder = Directory.Exists(spec) ? spec : DataSets.FindSharedDataSet(spec);
        if (folder is null)
        {
            var shared = DataSets.FindSharedDataFolder();
            var known = shared is null ? "no shared data folder was found" : $"known under {shared}: {string.Join(", ", DataSets.KnownNames)}";
            throw new ArgumentException($"--data: '{spec}' is neither a folder nor a known data set ({known}); use 'synthetic' for generated data.");
        }

        var full = Path.GetFullPath(folder);
        var logs = DataSets.Load(full);
        return new DataSource(full, $"{logs.Name} ({full})", logs);
    }

    /// <summary>The demo data: the real yoochoose-100k sample when it is on this machine, else a generated log.</summary>
    public static DataSource Demo() =>
        DataSets.FindSharedDataSet("yoochoose-100k") is { } folder ? Resolve(folder) : Resolve($"{SyntheticPrefix}:items=3000,sessions=20000,seed=42");

    public bool IsSynthetic => Spec.StartsWith(SyntheticPrefix, StringComparison.OrdinalIgnoreCase);

    private static DataSource Synthetic(string spec)
    {
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
        var logs = SyntheticClickLog.GenerateSplit(options, testDays);
        var description = string.Create(CultureInfo.InvariantCulture,
            $"synthetic click log ({options.Items:N0} items, {options.Sessions:N0} sessions, Zipf {options.ZipfExponent}, seed {options.Seed})");
        return new DataSource(spec, description, logs);
    }
}
