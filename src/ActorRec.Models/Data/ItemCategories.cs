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

        var fields = new DelimitedFieldSplitter(delimiter ?? GuessDelimiter(header));
        var names = new StringPool();
        while (reader.ReadLine() is { } line)
        {
            if (!fields.TrySplit(line) || fields.Count < 2 || fields[0].IsEmpty || fields[1].IsEmpty)
            {
                continue;
            }

            var item = fields[0].ToString();
            categories.TryAdd(item, names.Get(fields[1]));
        }

        return categories;
    }

    private static char GuessDelimiter(string header) =>
        header.Contains('\t', StringComparison.Ordinal) ? '\t'
        : header.Contains(';', StringComparison.Ordinal) ? ';'
        : ',';
}
