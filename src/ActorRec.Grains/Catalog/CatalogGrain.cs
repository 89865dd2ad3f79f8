using ActorRec.Abstractions;
using ActorRec.Grains.Serving;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace ActorRec.Grains.Catalog;

/// <summary>
/// Answers catalogue searches from the vocabulary of the model this silo has loaded, matching item ids and, where the
/// checkpoint has them, item categories. A linear scan: a vocabulary of 10^5 ids is scanned in about a millisecond,
/// far below a click's cost, and needs no index to keep in step with swaps.
/// </summary>
[StatelessWorker(1)]
[Reentrant]
internal sealed partial class CatalogGrain(ModelHost host, ModelStore store, ILogger<CatalogGrain> logger) : Grain, ICatalogGrain
{
    private static readonly IReadOnlyDictionary<string, string> NoCategories = new Dictionary<string, string>();

    /// <summary>The categories of the version searched last, read once per version from its checkpoint.</summary>
    private (string VersionId, IReadOnlyDictionary<string, string> Categories)? _categories;

    public async Task<CatalogPage> SearchAsync(string query, int offset, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var model = host.Current ?? throw await NotLoadedAsync();
        var categories = await CategoriesOfAsync(model.VersionId);
        var ids = model.Vocabulary.Ids;
        var page = new List<string>(Math.Min(limit, ids.Count));
        var pageCategories = new List<string>(page.Capacity);
        var matches = 0;
        foreach (var id in ids)
        {
            var category = categories.GetValueOrDefault(id, string.Empty);
            if (query.Length > 0 && !id.Contains(query, StringComparison.OrdinalIgnoreCase) && !category.Contains(query, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (matches >= offset && page.Count < limit)
            {
                page.Add(id);
                pageCategories.Add(category);
            }

            matches++;
        }

        return new CatalogPage([.. page], matches, model.VersionId, ids.Count, [.. pageCategories]);
    }

    private async Task<IReadOnlyDictionary<string, string>> CategoriesOfAsync(string versionId)
    {
        if (_categories is { } held && held.VersionId == versionId)
        {
            return held.Categories;
        }

        var categories = NoCategories;
        if (store.Find(versionId) is { } entry)
        {
            try
            {
                // Parsing a large catalogue's categories takes a while: off the grain's scheduler, once per version.
                categories = await Task.Run(() => Checkpoint.ReadItemCategories(entry.Directory)) ?? NoCategories;
            }
            catch (Exception e) when (e is DataFileException or IOException)
            {
                // A damaged categories file costs the search its categories, not the catalogue.
                LogCategoriesUnreadable(logger, versionId, e);
            }
        }

        _categories = (versionId, categories);
        return categories;
    }

    /// <summary>No model here: none active anywhere (FAILED_PRECONDITION), or this silo is still loading it (UNAVAILABLE).</summary>
    private async Task<Exception> NotLoadedAsync() =>
        await GrainFactory.GetGrain<IModelRegistryGrain>(0).GetActiveAsync() is { } active
            ? new ModelLoadingException($"Model version {active.VersionId} is still loading on this silo; retry shortly.")
            : new NoActiveModelException("No model is active: train one into the model store (actorrec train --out <store>/<name>) and activate it.");

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The item categories of model version {VersionId} cannot be read; the catalogue is searched by id only")]
    private static partial void LogCategoriesUnreadable(ILogger logger, string versionId, Exception exception);
}
