using ActorRec.Contracts.V1;

namespace ActorRec.Cli.Faults;

/// <summary>
/// Whether two top-k answers of one model for one session are the same up to float rounding, by the rule of
/// docs/testing.md: the i-th scores agree within the tolerance, an item in both lists keeps its score, and an item
/// may fall out only across the k-th place, in exchange for one that ties with it.
/// </summary>
internal static class TopKAgreement
{
    /// <summary>The first difference under the rule, or null when the answers agree.</summary>
    /// <param name="expected">The fault-free answer.</param>
    /// <param name="actual">The answer under faults.</param>
    /// <param name="tolerance">Relative to the score, absolute below 1.</param>
    public static string? Difference(IReadOnlyList<ScoredItem> expected, IReadOnlyList<ScoredItem> actual, float tolerance)
    {
        if (expected.Count != actual.Count)
        {
            return $"{actual.Count} items, expected {expected.Count}";
        }

        var expectedScores = ByItem(expected);
        var actualScores = ByItem(actual);
        if (expectedScores is null || actualScores is null)
        {
            return "an item is listed twice";
        }

        for (var i = 0; i < expected.Count; i++)
        {
            if (!Same(expected[i].Score, actual[i].Score, tolerance))
            {
                return $"score {i} is {actual[i].Score:G9}, expected {expected[i].Score:G9}";
            }

            if (expectedScores.TryGetValue(actual[i].ItemId, out var score) && !Same(score, actual[i].Score, tolerance))
            {
                return $"item {actual[i].ItemId} scores {actual[i].Score:G9}, expected {score:G9}";
            }
        }

        // Whatever left or entered the list ties with the last score of the other list, and so with each other.
        var lastExpected = expected[^1].Score;
        var lastActual = actual[^1].Score;
        var gone = expected.Where(e => !actualScores.ContainsKey(e.ItemId)).ToList();
        var came = actual.Where(a => !expectedScores.ContainsKey(a.ItemId)).ToList();
        if (gone.Find(e => !Same(e.Score, lastActual, tolerance)) is { } lost)
        {
            return $"{lost.ItemId} (score {lost.Score:G9}) is missing and does not tie with the last score {lastActual:G9}";
        }

        if (came.Find(a => !Same(a.Score, lastExpected, tolerance) || gone.Exists(e => !Same(e.Score, a.Score, tolerance))) is { } extra)
        {
            return $"{extra.ItemId} (score {extra.Score:G9}) came in without tying with what it replaced";
        }

        return null;
    }

    private static bool Same(float a, float b, float tolerance) =>
        a == b || Math.Abs(a - b) <= tolerance * Math.Max(1f, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static Dictionary<string, float>? ByItem(IReadOnlyList<ScoredItem> items)
    {
        var scores = new Dictionary<string, float>(items.Count, StringComparer.Ordinal);
        return items.All(item => scores.TryAdd(item.ItemId, item.Score)) ? scores : null;
    }
}
