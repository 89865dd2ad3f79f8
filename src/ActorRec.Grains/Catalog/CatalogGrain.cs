using ActorRec.Abstractions;
using ActorRec.Grains.Serving;
using Orleans.Concurrency;

namespace ActorRec.Grains.Catalog;

/// <summary>
/// Answers catalogue searches from the vocabulary of the model this silo has loaded. A linear scan: a vocabulary of
/// 10^5 ids is scanned in about a millisecond, far below a click's cost, and needs no index to keep in step with swaps.
/// </summary>
[StatelessWorker(1)]
[Reentrant]
internal sealed class CatalogGrain(ModelHost host) : Grain, ICatalogGrain
{
    public async Task<CatalogPage> SearchAsync(string query, int offset, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var model = host.Current ?? throw await NotLoadedAsync();
        var ids = model.Vocabulary.Ids;
        var page = new List<string>(Math.Min(limit, ids.Count));
        var matches = 0;
        foreach (var id in ids)
        {
            if (query.Length > 0 && !id.Contains(query, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (matches >= offset && page.Count < limit)
            {
                page.Add(id);
            }

            matches++;
        }

        return new CatalogPage([.. page], matches, model.VersionId, ids.Count);
    }

    /// <summary>No model here: none active anywhere (FAILED_PRECONDITION), or this silo is still loading it (UNAVAILABLE).</summary>
    private async Task<Exception> NotLoadedAsync() =>
        await GrainFactory.GetGrain<IModelRegistryGrain>(0).GetActiveAsync() is { } active
            ? new ModelLoadingException($"Model version {active.VersionId} is still loading on this silo; retry shortly.")
            : new NoActiveModelException("No model is active: train one into the model store (actorrec train --out <store>/<name>) and activate it.");
}
