namespace ActorRec.Abstractions;

/// <summary>Runs the active model for session grains, batching concurrent requests; one local worker per silo (call it with key 0).</summary>
/// <remarks>The implementation is a <c>[StatelessWorker(1)]</c>, so every silo answers from its own loaded model and calls never leave the silo.</remarks>
[Alias("actorrec.IInferenceGrain")]
public interface IInferenceGrain : IGrainWithIntegerKey
{
    /// <summary>Feeds one item to a session's hidden state under the active model and scores the catalogue.</summary>
    [Alias("Step")]
    Task<InferenceReply> StepAsync(InferenceCall call, CancellationToken cancellationToken = default);

    /// <summary>Rebuilds a hidden state from scratch under the active model by feeding the items in order, then scores the catalogue.</summary>
    [Alias("Replay")]
    Task<InferenceReply> ReplayAsync(string[] itemIds, int k, string[] excludeItemIds, CancellationToken cancellationToken = default);
}
