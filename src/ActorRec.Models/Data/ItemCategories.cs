namespace ActorRec.Models.Data;

/// <summary>Reads item-to-category tables (<c>item_categories.tsv</c>, <c>product-categories.csv</c>).</summary>
public static class ItemCategories
{
    /// <summary>
    /// Reads <c>item, category</c> pairs from the first two columns, skipping the header row. The delimiter,
    /// when not given, is guessed from the header: tab, else ';', else ','. The first category of an item wins;
    /// rows without two non-empty fields are skipped.
    /// </summary>
    public static Dictionary<string, string> Read(string path, char? delimiter = null)
    {
        using var reader = SourceFiles.OpenText(path);
        var categories = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.ReadLine() is not { } header)
        {
            return categories;
        }

        var names = new StringPool();
        DelimitedRows.Read(
            reader,
            delimiter ?? GuessDelimiter(header),
            row =>
            {
                if (row.Count >= 2 && !row[0].IsEmpty && !row[1].IsEmpty)
                {
                    categories.TryAdd(row[0].ToString(), names.Get(row[1]));
                }
            },
            (_, _) => { });

        return categories;
    }

    private static char GuessDelimiter(string header) =>
        header.Contains('\t', StringComparison.Ordinal) ? '\t'
        : header.Contains(';', StringComparison.Ordinal) ? ';'
        : ',';
}
