using Xunit;

namespace ActorRec.Testing.Ranking;

/// <summary>
/// Compares two top-k lists of one model for one state, computed where float sums may run in different orders
/// (another batch size, thread count or kernel). Exact where the math is exact: the same items in the same order,
/// scores within the tolerance. Two items may trade places only when their scores tie within the tolerance, and
/// that includes the k-th place: an item may fall out of the list only if the one that comes in ties with it.
/// </summary>
public static class TopKComparison
{
    /// <summary>Fails, naming <paramref name="where"/> and the first difference, unless the lists agree under the rule.</summary>
    public static void AssertSame<TItem>(RankedList<TItem> expected, RankedList<TItem> actual, ScoreTolerance tolerance, string where)
        where TItem : notnull
    {
        if (Difference(expected, actual, tolerance) is { } difference)
        {
            Assert.Fail($"{where}: {difference}\n  expected [{expected}]\n  actual   [{actual}]");
        }
    }

    /// <summary>The first way in which the lists disagree under the rule, or null when they agree.</summary>
    public static string? Difference<TItem>(RankedList<TItem> expected, RankedList<TItem> actual, ScoreTolerance tolerance)
        where TItem : notnull
    {
        if (expected.Count != actual.Count)
        {
            return $"{actual.Count} items, expected {expected.Count}";
        }

        if (!TryScoresByItem(expected, out var expectedScores, out var expectedDuplicate))
        {
            return $"the expected list holds {expectedDuplicate} twice";
        }

        if (!TryScoresByItem(actual, out var actualScores, out var actualDuplicate))
        {
            return $"{actualDuplicate} is listed twice";
        }

        // The i-th best score moves no more than any single score does, whatever the items.
        for (var i = 0; i < expected.Count; i++)
        {
            if (!tolerance.Same(expected.Scores[i], actual.Scores[i]))
            {
                return $"score {i} is {actual.Scores[i]:G9}, expected {expected.Scores[i]:G9} (tolerance {tolerance})";
            }
        }

        // An item in both lists keeps its score; with the positional check this allows reordering among ties only.
        for (var i = 0; i < actual.Count; i++)
        {
            if (expectedScores.TryGetValue(actual.Items[i], out var score) && !tolerance.Same(score, actual.Scores[i]))
            {
                return $"item {actual.Items[i]} scores {actual.Scores[i]:G9}, expected {score:G9}";
            }
        }

        // Across the edge: an item that fell out scored no more than the new k-th score, and an item that came in no
        // more than the old one, so each must tie with the k-th score of the other list, and so with each other.
        var fellOut = expected.Items.Where(item => !actualScores.ContainsKey(item)).ToList();
        var cameIn = actual.Items.Where(item => !expectedScores.ContainsKey(item)).ToList();
        foreach (var gone in fellOut)
        {
            if (!tolerance.Same(expectedScores[gone], actual.Scores[^1]))
            {
                return $"the expected {gone} (score {expectedScores[gone]:G9}) is missing, but it does not tie with the last score {actual.Scores[^1]:G9}";
            }

            foreach (var come in cameIn)
            {
                if (!tolerance.Same(expectedScores[gone], actualScores[come]))
                {
                    return $"{come} (score {actualScores[come]:G9}) came in and the expected {gone} (score {expectedScores[gone]:G9}) fell out, but they do not tie";
                }
            }
        }

        foreach (var come in cameIn)
        {
            if (!tolerance.Same(actualScores[come], expected.Scores[^1]))
            {
                return $"{come} (score {actualScores[come]:G9}) is not in the expected list and does not tie with its last score {expected.Scores[^1]:G9}";
            }
        }

        return null;
    }

    private static bool TryScoresByItem<TItem>(RankedList<TItem> list, out Dictionary<TItem, float> scores, out TItem? duplicate)
        where TItem : notnull
    {
        scores = new Dictionary<TItem, float>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            if (!scores.TryAdd(list.Items[i], list.Scores[i]))
            {
                duplicate = list.Items[i];
                return false;
            }
        }

        duplicate = default;
        return true;
    }
}
