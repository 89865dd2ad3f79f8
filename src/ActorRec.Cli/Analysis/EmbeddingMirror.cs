namespace ActorRec.Cli.Analysis;

/// <summary>
/// Holds a mirror to what a model learned about items: for each chosen item, the items whose learned vectors point the
/// same way and the ones that point most the other way.
/// </summary>
internal static class EmbeddingMirror
{
    public static MirrorTable Build(string model, ItemEmbeddingMatrix embeddings, IReadOnlyList<string> items, ItemFacts facts, int neighbours)
    {
        var entries = new List<MirrorEntry>();
        var unknown = new List<string>();
        foreach (var id in items)
        {
            if (!embeddings.Vocabulary.TryGetIndex(id, out var index))
            {
                unknown.Add(id);
                continue;
            }

            var similarities = embeddings.CosineSimilarities(index);

            // Ties fall back to vocabulary order so that the table is the same on every run.
            var order = Enumerable.Range(0, embeddings.Count).Where(i => i != index)
                .OrderByDescending(i => similarities[i]).ThenBy(i => i).ToArray();
            var take = Math.Min(neighbours, order.Length);
            ItemNeighbour Neighbour(int i) => new(facts.Describe(embeddings.Vocabulary[i]), similarities[i]);
            entries.Add(new MirrorEntry(
                facts.Describe(id),
                [.. order.Take(take).Select(Neighbour)],
                [.. Enumerable.Range(1, take).Select(fromEnd => Neighbour(order[^fromEnd]))]));
        }

        return new MirrorTable(model, entries, unknown);
    }
}
