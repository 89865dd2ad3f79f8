using ActorRec.Models.Scoring;

namespace ActorRec.Models.Tests.Scoring;

/// <summary>
/// A random item table with query rows, k and per-row exclusions. Coarse tables hold multiples of 1/8 only, whose
/// products and sums are exact in float32, so every computation gets the same scores and exact ties are common; some
/// items also copy another's row, tying with it in any table.
/// </summary>
internal sealed record ScoringCase(int Seed, int Items, int Dimension, int Rows, int K, bool Coarse, int Threads)
{
    public ItemTable Table { get; } = BuildTable(Seed, Items, Dimension, Coarse);

    public float[] Queries { get; } = Values(new Random(Seed + 1), Rows * Dimension, Coarse);

    public int[]?[] Exclude { get; } = Exclusions(new Random(Seed + 2), Rows, Items);

    public override string ToString() =>
        $"seed {Seed}, {Items} items x {Dimension}, {Rows} rows, k {K}, {(Coarse ? "coarse" : "fine")} values, {Threads} threads";

    private static ItemTable BuildTable(int seed, int items, int dimension, bool coarse)
    {
        var random = new Random(seed);
        var weights = Values(random, items * dimension, coarse);
        var bias = Values(random, items, coarse);
        for (var copies = items / 10; copies > 0; copies--)
        {
            var from = random.Next(items);
            var to = random.Next(items);
            Array.Copy(weights, from * dimension, weights, to * dimension, dimension);
            bias[to] = bias[from];
        }

        return new ItemTable(weights, bias, dimension);
    }

    private static float[] Values(Random random, int count, bool coarse)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = coarse ? random.Next(-8, 9) / 8f : (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    // No exclusions, a few, or all but a handful (so that k exceeds what is left); null and empty both mean none.
    private static int[]?[] Exclusions(Random random, int rows, int items)
    {
        var exclude = new int[]?[rows];
        for (var row = 0; row < rows; row++)
        {
            exclude[row] = random.Next(4) switch
            {
                0 => null,
                1 => [],
                2 => [.. Enumerable.Range(0, random.Next(1, 20)).Select(_ => random.Next(items))],
                _ => [.. Enumerable.Range(0, items).Where(_ => random.Next(10) != 0)],
            };
        }

        return exclude;
    }
}
