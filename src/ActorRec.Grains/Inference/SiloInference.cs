using ActorRec.Abstractions;
using ActorRec.Grains.Serving;
using ActorRec.Models.Data;
using Microsoft.Extensions.Options;

namespace ActorRec.Grains.Inference;

/// <summary>
/// The silo-local entry to batched inference: maps external item ids through the active model's vocabulary and
/// hands the step to the batching engine, which runs it together with other sessions' steps on its own thread.
/// </summary>
/// <remarks>
/// A service that session grains call directly, not a grain: a session's step always runs on its own silo, so a grain
/// call would only add a message, a scheduling hop and a copy of the reply. It also added a queue: the one worker
/// activation ran every click's mapping and every reply's continuation in turn, on one core, while the batch it waited
/// for ran on another. Each caller's continuation now runs on the caller's own activation.
/// </remarks>
internal sealed class SiloInference(BatchingEngine engine, ModelHost host, IGrainFactory grains, IOptions<InferenceOptions> options)
{
    /// <summary>A swap between mapping ids and running the batch is retried this often before giving up.</summary>
    private const int MaxAttempts = 3;

    /// <summary>One step of a session: feeds <see cref="InferenceCall.ItemId"/> to its hidden state and ranks the catalog.</summary>
    public async Task<InferenceReply> StepAsync(InferenceCall call, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var model = host.Current ?? await WaitForFirstModelAsync();
            var fresh = call.Hidden is null || call.Hidden.Length == 0;
            if (!fresh && call.ModelVersion != model.VersionId)
            {
                return Mismatch(model.VersionId);
            }

            var vocabulary = model.Vocabulary;
            var itemIndex = call.ItemId is not null && vocabulary.TryGetIndex(call.ItemId, out var index) ? index : InferenceRequest.NoItem;
            var known = itemIndex != InferenceRequest.NoItem;

            try
            {
                var result = await SubmitAsync(new InferenceRequest(fresh ? null : call.Hidden, model.VersionId, itemIndex, call.K, Indices(vocabulary, call.ExcludeItemIds)), cancellationToken);
                return ToReply(result, vocabulary, unknownItem: call.ItemId is not null && !known);
            }
            catch (ModelVersionMismatchException) when (fresh && attempt < MaxAttempts)
            {
                // The model was swapped after the ids were mapped: map again under the new one.
            }
            catch (ModelVersionMismatchException e)
            {
                return Mismatch(e.ActiveVersion);
            }
        }
    }

    /// <summary>Rebuilds a session's hidden state from its history under the active model, and ranks the catalog after it.</summary>
    public async Task<InferenceReply> ReplayAsync(string[] itemIds, int k, string[] excludeItemIds, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var model = host.Current ?? await WaitForFirstModelAsync();
            var vocabulary = model.Vocabulary;
            var known = Indices(vocabulary, itemIds);
            try
            {
                float[]? hidden = null;
                InferenceResult? result = null;
                var exclude = Indices(vocabulary, excludeItemIds);
                for (var i = 0; i < known.Length; i++)
                {
                    result = await SubmitAsync(new InferenceRequest(hidden, model.VersionId, known[i], i == known.Length - 1 ? k : 1, i == known.Length - 1 ? exclude : []), cancellationToken);
                    hidden = result.Hidden;
                }

                result ??= await SubmitAsync(new InferenceRequest(null, model.VersionId, -1, k, exclude), cancellationToken);
                var lastKnown = itemIds.Length > 0 && vocabulary.TryGetIndex(itemIds[^1], out _);
                return ToReply(result, vocabulary, unknownItem: itemIds.Length > 0 && !lastKnown);
            }
            catch (ModelVersionMismatchException) when (attempt < MaxAttempts)
            {
                // Swapped again mid-replay: start over under the newest model.
            }
        }
    }

    /// <summary>A caller whose deadline passed stops waiting; a request not yet in a batch then leaves the queue.</summary>
    private async Task<InferenceResult> SubmitAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.SubmitAsync(request, cancellationToken);
        }
        catch (InferenceQueueFullException e)
        {
            throw new InferenceOverloadedException(e.Message);
        }
    }

    private static int[] Indices(ItemVocabulary vocabulary, string[] ids)
    {
        if (ids.Length == 0)
        {
            return [];
        }

        var indices = new List<int>(ids.Length);
        foreach (var id in ids)
        {
            if (vocabulary.TryGetIndex(id, out var index))
            {
                indices.Add(index);
            }
        }

        return [.. indices];
    }

    private static InferenceReply ToReply(InferenceResult result, ItemVocabulary vocabulary, bool unknownItem)
    {
        var items = new ScoredItem[result.TopItems.Length];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = new ScoredItem(vocabulary[result.TopItems[i]], result.TopScores[i]);
        }

        return new InferenceReply(result.Hidden, items, result.ModelVersion, unknownItem, result.BatchSize);
    }

    private static InferenceReply Mismatch(string activeVersion) => new([], [], activeVersion, false, 0, VersionMismatch: true);

    /// <summary>
    /// A silo that just started takes session activations before its synchroniser has loaded the active version: a
    /// short wait turns that race into a slower first click rather than an error. With no active version anywhere in
    /// the cluster there is nothing to wait for.
    /// </summary>
    private async Task<LoadedModel> WaitForFirstModelAsync()
    {
        var active = await grains.GetGrain<IModelRegistryGrain>(0).GetActiveAsync();
        if (active is null)
        {
            throw new NoActiveModelException("No model is active: train one into the model store (actorrec train --out <store>/<name>) and activate it.");
        }

        try
        {
            await host.FirstLoaded.WaitAsync(options.Value.ModelLoadWait);
        }
        catch (TimeoutException)
        {
            throw new ModelLoadingException($"Model version {active.VersionId} is still loading on this silo; retry shortly.");
        }

        return host.Current!;
    }
}
