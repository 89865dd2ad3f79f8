namespace ActorRec.Models.Scoring;

/// <summary>The checks every scorer makes on a top-k call, with messages that name the row and value at fault.</summary>
internal static class TopKArguments
{
    /// <summary>Query rows in <paramref name="queries"/>, after checking k and the number of exclusion lists.</summary>
    public static int Rows(ReadOnlySpan<float> queries, int dimension, int itemCount, int k, IReadOnlyList<int[]?>? exclude)
    {
        if (queries.Length % dimension != 0)
        {
            throw new ArgumentException($"{queries.Length} query values are not whole rows of {dimension}.", nameof(queries));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, itemCount);
        var rows = queries.Length / dimension;
        if (exclude is not null && exclude.Count != rows)
        {
            throw new ArgumentException($"{exclude.Count} exclusion lists for {rows} query rows; give one per row.", nameof(exclude));
        }

        return rows;
    }

    /// <summary>
    /// Each row's excluded items, checked against the catalog, mapped through <paramref name="map"/> (identity when null)
    /// and sorted for binary search; null for a row without exclusions.
    /// </summary>
    public static int[]?[] SortedExclusions(int rows, int itemCount, IReadOnlyList<int[]?>? exclude, int[]? map = null)
    {
        var sorted = new int[]?[rows];
        if (exclude is null)
        {
            return sorted;
        }

        for (var row = 0; row < rows; row++)
        {
            if (exclude[row] is not { Length: > 0 } items)
            {
                continue;
            }

            var copy = new int[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                var item = items[i];
                if ((uint)item >= (uint)itemCount)
                {
                    throw new ArgumentOutOfRangeException(nameof(exclude), item, $"Excluded item of row {row} is outside the catalog of {itemCount} items.");
                }

                copy[i] = map is null ? item : map[item];
            }

            Array.Sort(copy);
            sorted[row] = copy;
        }

        return sorted;
    }
}
