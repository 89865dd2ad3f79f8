namespace ActorRec.Models.Scoring;

/// <summary>
/// The best items seen so far for one query row, in a fixed-size min-heap whose root is the worst kept item, so that a
/// new item is rejected by one comparison with <see cref="Threshold"/>.
/// </summary>
/// <remarks>
/// Items are ordered by score, then by lower index: a total order, so the kept set does not depend on the order items
/// are offered in, and neither the thread count nor the batch changes which of several equal scores is kept.
/// </remarks>
internal sealed class TopKHeap
{
    private readonly float[] _scores;
    private readonly int[] _items;

    public TopKHeap(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _scores = new float[capacity];
        _items = new int[capacity];
    }

    public int Count { get; private set; }

    public int Capacity => _scores.Length;

    /// <summary>Scores at or below this cannot enter (an equal score enters only with a lower index; see <see cref="Offer"/>).</summary>
    public float Threshold => Count < _scores.Length ? float.NegativeInfinity : _scores[0];

    public void Clear() => Count = 0;

    /// <summary>Keeps the item if it beats the worst kept one (or there is room); NaN and -inf never enter.</summary>
    public void Offer(float score, int item)
    {
        if (!(score > float.NegativeInfinity))
        {
            return;
        }

        if (Count < _scores.Length)
        {
            SiftUp(Count++, score, item);
        }
        else if (Worse(_scores[0], _items[0], score, item))
        {
            SiftDown(0, score, item);
        }
    }

    /// <summary>Offers every item another heap kept.</summary>
    public void OfferAll(TopKHeap other)
    {
        for (var i = 0; i < other.Count; i++)
        {
            Offer(other._scores[i], other._items[i]);
        }
    }

    /// <summary>The kept items, best first, and their scores; empties the heap.</summary>
    public RankedItems Drain()
    {
        var n = Count;
        var items = new int[n];
        var scores = new float[n];
        for (var i = n - 1; i >= 0; i--)
        {
            items[i] = _items[0];
            scores[i] = _scores[0];
            var lastScore = _scores[--Count];
            var lastItem = _items[Count];
            if (Count > 0)
            {
                SiftDown(0, lastScore, lastItem);
            }
        }

        return new RankedItems(items, scores);
    }

    /// <summary>The kept item indices in no particular order.</summary>
    public ReadOnlySpan<int> Items => _items.AsSpan(0, Count);

    // a ranks below b: lower score, or the same score and a higher index.
    private static bool Worse(float aScore, int aItem, float bScore, int bItem) =>
        aScore < bScore || (aScore == bScore && aItem > bItem);

    private void SiftUp(int hole, float score, int item)
    {
        while (hole > 0)
        {
            var parent = (hole - 1) >> 1;
            if (!Worse(score, item, _scores[parent], _items[parent]))
            {
                break;
            }

            Move(parent, hole);
            hole = parent;
        }

        Place(hole, score, item);
    }

    private void SiftDown(int hole, float score, int item)
    {
        var count = Count;
        while (true)
        {
            var child = (2 * hole) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && Worse(_scores[child + 1], _items[child + 1], _scores[child], _items[child]))
            {
                child++;
            }

            if (!Worse(_scores[child], _items[child], score, item))
            {
                break;
            }

            Move(child, hole);
            hole = child;
        }

        Place(hole, score, item);
    }

    private void Move(int from, int to)
    {
        _scores[to] = _scores[from];
        _items[to] = _items[from];
    }

    private void Place(int slot, float score, int item)
    {
        _scores[slot] = score;
        _items[slot] = item;
    }
}
