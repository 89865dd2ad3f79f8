namespace ActorRec.Grains.Inference;

/// <summary>The inference queue is at capacity: the caller should shed or retry the request rather than wait.</summary>
public sealed class InferenceQueueFullException(int capacity)
    : Exception($"The inference queue is full ({capacity} requests waiting); retry later.")
{
    public int Capacity { get; } = capacity;
}
