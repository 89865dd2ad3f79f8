namespace ActorRec.Models.Evaluation;

/// <summary>The top-k recommendation list scored for every target, indexed by the target's event index in the test set.</summary>
/// <param name="width">Length of every list: the largest cutoff, capped at the catalog size.</param>
/// <param name="items">Row-major [events, width]; rows of events that are not targets (session starts) hold -1.</param>
public sealed class TopKLists(int width, int[] items)
{
    public int Width => width;

    public int[] Items => items;

    public int EventCount => width == 0 ? 0 : items.Length / width;

    /// <summary>The list, best first, for the target at <paramref name="eventIndex"/>; all -1 for a session start.</summary>
    public ReadOnlySpan<int> this[int eventIndex] => items.AsSpan(eventIndex * width, width);
}
