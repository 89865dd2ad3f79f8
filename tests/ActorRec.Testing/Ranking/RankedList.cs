namespace ActorRec.Testing.Ranking;

/// <summary>A top-k list: items best first, each with its score.</summary>
/// <typeparam name="TItem">The item id, internal index or external id.</typeparam>
public sealed class RankedList<TItem>
    where TItem : notnull
{
    public RankedList(IReadOnlyList<TItem> items, IReadOnlyList<float> scores)
    {
        if (items.Count != scores.Count)
        {
            throw new ArgumentException($"{items.Count} items but {scores.Count} scores.", nameof(scores));
        }

        Items = items;
        Scores = scores;
    }

    public IReadOnlyList<TItem> Items { get; }

    public IReadOnlyList<float> Scores { get; }

    public int Count => Items.Count;

    public override string ToString() => string.Join(", ", Items.Select((item, i) => $"{item}:{Scores[i]:G9}"));
}
