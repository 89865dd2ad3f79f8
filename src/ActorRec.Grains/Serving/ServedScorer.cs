using System.Globalization;
using ActorRec.Grains.Inference;
using ActorRec.Models.Data;
using ActorRec.Models.Scoring;
using ActorRec.Models.Sessions;

namespace ActorRec.Grains.Serving;

/// <summary>
/// A loaded version's scorer outside torch: the model's dot-product head and the fused scan or the retrieval index over a
/// copy of its item table.
/// </summary>
/// <param name="Head">Gives the batch's query rows.</param>
/// <param name="Scorer">Ranks the catalog for them.</param>
/// <param name="Preparation">How the scorer was made ready (the index loaded or built), for the load log; empty when there is nothing to say.</param>
internal sealed record ServedScorer(IDotProductHead Head, ITopKScorer Scorer, string Preparation)
{
    /// <summary>
    /// The scorer <paramref name="options"/> choose for <paramref name="model"/>; null means torch. A retrieval index is
    /// read from <paramref name="directory"/> (the checkpoint folder, null for a model that has none) when one there matches
    /// the model's table, and built otherwise, then stored there when the folder is writable.
    /// </summary>
    /// <exception cref="InvalidOperationException">Fused or Ivf is asked for and the model's scores are not a dot product.</exception>
    public static ServedScorer? For(ISessionModel model, InferenceOptions options, string? directory = null)
    {
        if (options.Scorer == ServingScorer.Torch)
        {
            return null;
        }

        if (DotProductHeads.Find(model) is not { } head)
        {
            return options.Scorer == ServingScorer.Auto
                ? null
                : throw new InvalidOperationException(
                    $"Inference:Scorer is {options.Scorer}, but a {model.Kind} model's scores are not a dot product with an item table; use Auto or Torch.");
        }

        var table = head.ExportItemTable();
        var retrieval = options.Scorer == ServingScorer.Ivf || (options.Scorer == ServingScorer.Auto && table.ItemCount >= options.RetrievalMinItems);
        if (!retrieval)
        {
            return new ServedScorer(head, new FusedTopKScorer(table, new FusedScorerOptions { Threads = options.Threads, Precision = options.ScorerPrecision }), string.Empty);
        }

        var settings = new IvfOptions { Lists = options.IvfLists, Probes = options.IvfProbes, Threads = options.Threads };
        var (index, preparation) = IndexFor(table, directory, settings);
        return new ServedScorer(head, new IvfTopKScorer(table, index, settings), preparation);
    }

    private static (IvfIndex Index, string Preparation) IndexFor(ItemTable table, string? directory, IvfOptions settings)
    {
        var path = directory is null ? null : Path.Combine(directory, IvfIndex.FileName);
        var stale = string.Empty;
        if (path is not null && File.Exists(path))
        {
            try
            {
                var stored = IvfIndex.Load(path);
                var lists = settings.ListsFor(table.ItemCount);
                if (!stored.Matches(table))
                {
                    stale = "the stored index belongs to other weights; ";
                }
                else if (settings.Lists > 0 && stored.ListCount != lists)
                {
                    stale = Say($"the stored index has {stored.ListCount:N0} lists and Inference:IvfLists asks for {lists:N0}; ");
                }
                else
                {
                    return (stored, Say($"index read from {path} in {stored.Seconds:F1} s"));
                }
            }
            catch (DataFileException e)
            {
                stale = $"the stored index is unreadable ({e.Message}); ";
            }
        }

        var index = IvfIndex.Build(table, settings);
        var built = Say($"{stale}index of {index.ListCount:N0} lists built in {index.Seconds:F1} s");
        if (path is null)
        {
            return (index, built);
        }

        try
        {
            index.Save(path);
            return (index, $"{built} and stored in {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only model store still serves; every load then rebuilds the index.
            return (index, $"{built}; not stored ({e.Message})");
        }
    }

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
