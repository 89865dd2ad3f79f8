using System.Globalization;

namespace ActorRec.Benchmarks;

/// <summary>The grid of the kernel comparison, from `kernels --name value ...`.</summary>
internal sealed record KernelSettings
{
    public int[] Items { get; init; } = [40_000, 1_000_000];

    public int Dimension { get; init; } = 100;

    public int[] Batches { get; init; } = [1, 32, 256];

    public int[] Threads { get; init; } = [1, 2];

    public int K { get; init; } = 20;

    /// <summary>Candidates the bfloat16 scan keeps per row before float32 re-scoring, one variant each.</summary>
    public int[] Candidates { get; init; } = [512, 4096];

    /// <summary>Lists an inverted-file index scans per query, one retrieval variant each; empty for none.</summary>
    public int[] Probes { get; init; } = [25, 50];

    /// <summary>Lists of the inverted-file index; 0 picks the default (the square root of the item count).</summary>
    public int Lists { get; init; }

    /// <summary>Further probe counts whose recall alone is measured.</summary>
    public int[] RecallProbes { get; init; } = [5, 10, 100];

    /// <summary>Further candidate counts whose recall alone is measured, to show where it starts to fall.</summary>
    public int[] RecallCandidates { get; init; } = [20, 40, 80, 160];

    /// <summary>Seconds of measured calls per variant and grid point (at least 3 and at most 30 rounds).</summary>
    public double Seconds { get; init; } = 2;

    /// <summary>Query rows the recall is measured on.</summary>
    public int RecallQueries { get; init; } = 1024;

    /// <summary>A checkpoint whose serving head is compared too, with queries from the test sessions of <see cref="Data"/>.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>The data set the checkpoint was trained on (a shared data set's name or a folder).</summary>
    public string? Data { get; init; }

    /// <summary>The minimum item support the checkpoint's data was prepared with.</summary>
    public int MinItemSupport { get; init; } = 1;

    /// <summary>Also write the markdown tables to this file.</summary>
    public string? Out { get; init; }

    public static KernelSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new KernelSettings();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"Option {args[i]} needs a value.");
            }

            var value = args[i + 1];
            settings = args[i] switch
            {
                "--items" => settings with { Items = Ints(value) },
                "--dimension" => settings with { Dimension = int.Parse(value, CultureInfo.InvariantCulture) },
                "--batches" => settings with { Batches = Ints(value) },
                "--threads" => settings with { Threads = Ints(value) },
                "--k" => settings with { K = int.Parse(value, CultureInfo.InvariantCulture) },
                "--candidates" => settings with { Candidates = Ints(value) },
                "--recall-candidates" => settings with { RecallCandidates = Ints(value) },
                "--probes" => settings with { Probes = Ints(value) },
                "--recall-probes" => settings with { RecallProbes = Ints(value) },
                "--lists" => settings with { Lists = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seconds" => settings with { Seconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--recall-queries" => settings with { RecallQueries = int.Parse(value, CultureInfo.InvariantCulture) },
                "--checkpoint" => settings with { Checkpoint = value },
                "--data" => settings with { Data = value },
                "--min-item-support" => settings with { MinItemSupport = int.Parse(value, CultureInfo.InvariantCulture) },
                "--out" => settings with { Out = value },
                _ => throw new ArgumentException(
                    $"Unknown option {args[i]}; use --items --dimension --batches --threads --k --candidates --recall-candidates --probes --recall-probes --lists --seconds --recall-queries --checkpoint --data --min-item-support --out."),
            };
        }

        return settings;
    }

    private static int[] Ints(string list) => [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
}
