using System.Diagnostics;
using ActorRec.Grains.Serving;
using ActorRec.Grains.Tracing;
using static TorchSharp.torch;

namespace ActorRec.Grains.Inference;

/// <summary>
/// The model work of one batch, apart from how batches are queued and gathered (<see cref="BatchingEngine"/>): one
/// recurrent step for all rows under one lease, then each row's top k from the served scorer (fused scan or retrieval)
/// or, for the torch path, from the batch x catalog score matrix.
/// </summary>
internal static class BatchStep
{
    // Held for the process: a Scalar converted from a number at the call is garbage once its handle is read, and a
    // collection started by another thread could finalize (free) it while libtorch still reads it.
    private static readonly TorchSharp.Scalar ExcludedScore = TorchSharp.ScalarExtensionMethods.ToScalar(float.NegativeInfinity);

    /// <summary>Why <paramref name="request"/> cannot run on <paramref name="model"/>; null when it can.</summary>
    public static Exception? Check(InferenceRequest request, LoadedModel model)
    {
        if (!string.IsNullOrEmpty(request.ModelVersion) && request.ModelVersion != model.VersionId)
        {
            return new ModelVersionMismatchException(request.ModelVersion, model.VersionId);
        }

        if (request.Hidden is { Length: > 0 } hidden && hidden.Length != model.HiddenSize)
        {
            return new ArgumentException(
                $"The hidden state has {hidden.Length} values; model version {model.VersionId} needs {model.HiddenSize}.", nameof(request));
        }

        if (request.ItemIndex >= model.ItemCount || request.Exclude.Any(i => (uint)i >= (uint)model.ItemCount))
        {
            return new ArgumentOutOfRangeException(
                nameof(request), $"An item index is outside the {model.ItemCount} items of model version {model.VersionId}.");
        }

        return null;
    }

    /// <summary>
    /// Steps and ranks <paramref name="requests"/>, all of which passed <see cref="Check"/> against the lease's model;
    /// returns their results in the same order.
    /// </summary>
    public static InferenceResult[] Run(ModelLease lease, IReadOnlyList<InferenceRequest> requests, Activity? activity)
    {
        var loaded = lease.Loaded;
        var model = lease.Model;
        var rows = requests.Count;
        var width = loaded.HiddenSize;
        var itemCount = loaded.ItemCount;

        var k = 1;
        var state = new float[rows * width];
        var stepRows = new List<long>(rows);
        var stepItems = new List<long>(rows);
        var excluded = new List<long>();
        for (var row = 0; row < rows; row++)
        {
            var request = requests[row];
            k = Math.Max(k, request.K);
            (request.Hidden is { Length: > 0 } hidden ? hidden : loaded.InitialHidden).CopyTo(state, row * width);
            if (request.ItemIndex != InferenceRequest.NoItem)
            {
                stepRows.Add(row);
                stepItems.Add(request.ItemIndex);
            }

            // Flat indices into the score matrix, which only the torch path builds; the fused and retrieval scorers take the lists as they are.
            if (loaded.Scorer is null)
            {
                foreach (var item in request.Exclude)
                {
                    excluded.Add(((long)row * itemCount) + item);
                }
            }
        }

        k = Math.Min(k, itemCount);
        activity?.SetTag(ActorRecTracing.BatchKTag, k);
        float[] hiddenOut;
        float[] topScores = [];
        long[] topItems = [];
        float[]? queries = null;
        using (NewDisposeScope())
        using (no_grad())
        {
            var device = model.Device;
            var hidden = tensor(state, [rows, width], device: device);
            if (stepRows.Count == rows)
            {
                hidden = model.Advance(hidden, tensor(stepItems.ToArray(), device: device));
            }
            else if (stepRows.Count > 0)
            {
                // Rows that only score keep their state: step the other rows alone and write their new states back.
                var index = tensor(stepRows.ToArray(), device: device);
                var stepped = model.Advance(hidden.index_select(0, index), tensor(stepItems.ToArray(), device: device));
                hidden = hidden.index_copy(0, index, stepped);
            }

            hiddenOut = hidden.cpu().data<float>().ToArray();
            if (loaded.Scorer is { } served)
            {
                // The scorer reads plain rows on the host and never builds the batch x catalog score matrix.
                queries = served.Head.Queries(hidden).cpu().contiguous().data<float>().ToArray();
            }
            else
            {
                var scores = model.ScoreAll(hidden);
                if (excluded.Count > 0)
                {
                    scores.view(-1).index_put_(ExcludedScore, TensorIndex.Tensor(tensor(excluded.ToArray(), device: device)));
                }

                var (values, indices) = scores.topk(k, dim: 1);
                topScores = values.cpu().data<float>().ToArray();
                topItems = indices.cpu().data<long>().ToArray();
            }
        }

        var results = new InferenceResult[rows];
        if (queries is not null)
        {
            var ranked = loaded.Scorer!.Scorer.TopK(queries, k, requests.Select(r => (int[]?)r.Exclude).ToArray());
            for (var row = 0; row < rows; row++)
            {
                // The scorer leaves excluded items out; a row has fewer than k only when too few are left.
                var best = ranked[row];
                var count = Math.Min(requests[row].K, best.Items.Length);
                results[row] = new InferenceResult(
                    hiddenOut.AsSpan(row * width, width).ToArray(), best.Items[..count], best.Scores[..count], loaded.VersionId, rows);
            }

            return results;
        }

        for (var row = 0; row < rows; row++)
        {
            var offset = row * k;
            var count = Math.Min(requests[row].K, k);

            // Excluded items score -inf, so they reach the top k only as its tail, when K exceeds what is left.
            while (count > 0 && float.IsNegativeInfinity(topScores[offset + count - 1]))
            {
                count--;
            }

            var items = new int[count];
            for (var i = 0; i < count; i++)
            {
                items[i] = (int)topItems[offset + i];
            }

            results[row] = new InferenceResult(
                hiddenOut.AsSpan(row * width, width).ToArray(), items, topScores.AsSpan(offset, count).ToArray(), loaded.VersionId, rows);
        }

        return results;
    }
}
