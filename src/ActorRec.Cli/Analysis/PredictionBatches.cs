using ActorRec.Models.Data;
using ActorRec.Models.Evaluation;
using TorchSharp;

namespace ActorRec.Cli.Analysis;

/// <summary>Draws test sessions and shows what each model predicts next for them, with probabilities.</summary>
internal static class PredictionBatches
{
    /// <summary>
    /// Draws up to <paramref name="count"/> sessions with at least two events and, in each, the event to predict (any but
    /// the first), both from <paramref name="seed"/>: a rerun with the same data and seed shows the same cases.
    /// </summary>
    public static IReadOnlyList<SessionSample> Sample(SessionDataset test, int count, int seed)
    {
        var candidates = Enumerable.Range(0, test.SessionCount).Where(s => test.SessionLength(s) >= 2).ToArray();
        var random = new Random(seed);
        var take = Math.Min(count, candidates.Length);
        var samples = new List<SessionSample>(take);
        for (var i = 0; i < take; i++)
        {
            // A partial Fisher-Yates shuffle: the first i candidates are the ones drawn so far.
            var j = random.Next(i, candidates.Length);
            (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
            var items = test.SessionItems(candidates[i]);
            var target = random.Next(1, items.Length);
            var ids = new string[target];
            for (var e = 0; e < target; e++)
            {
                ids[e] = test.Vocabulary[items[e]];
            }

            samples.Add(new SessionSample(test.SessionIds[candidates[i]], ids, test.Vocabulary[items[target]]));
        }

        return samples;
    }

    /// <summary>
    /// Feeds every sample's items to <paramref name="scorer"/> (one slot per sample, all advanced together) and reads the
    /// softmax of its scores after each sample's last item. Items outside <paramref name="vocabulary"/> are skipped.
    /// </summary>
    public static IReadOnlyList<ModelPrediction> Predict(
        string model, INextItemScorer scorer, ItemVocabulary vocabulary, IReadOnlyList<SessionSample> samples, int topN, ItemFacts facts)
    {
        var inputs = new List<int>[samples.Count];
        var predictions = new ModelPrediction[samples.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            inputs[i] = [];
            foreach (var id in samples[i].Items)
            {
                if (vocabulary.TryGetIndex(id, out var index))
                {
                    inputs[i].Add(index);
                }
            }

            predictions[i] = new ModelPrediction(model, [], null, null, samples[i].Items.Count - inputs[i].Count);
        }

        var rows = Enumerable.Range(0, samples.Count).Where(i => inputs[i].Count > 0).ToArray();
        if (rows.Length == 0)
        {
            return predictions;
        }

        var steps = rows.Max(i => inputs[i].Count);
        var take = Math.Min(topN, scorer.ItemCount);
        using var batch = scorer.StartBatch(rows.Length);
        for (var step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();

            // A slot whose sample has ended keeps being fed its last item; its later scores are never read.
            var items = rows.Select(i => (long)inputs[i][Math.Min(step, inputs[i].Count - 1)]).ToArray();
            var reset = Enumerable.Repeat(step == 0, rows.Length).ToArray();
            var scores = batch.Step(torch.tensor(items), torch.tensor(reset)).to(torch.float64).cpu();
            for (var slot = 0; slot < rows.Length; slot++)
            {
                var i = rows[slot];
                if (inputs[i].Count - 1 == step)
                {
                    predictions[i] = Read(predictions[i], scores[slot], samples[i].Target, vocabulary, take, facts);
                }
            }
        }

        return predictions;
    }

    private static ModelPrediction Read(ModelPrediction empty, torch.Tensor scores, string target, ItemVocabulary vocabulary, int take, ItemFacts facts)
    {
        var probabilities = scores.softmax(0);
        var (values, indices) = probabilities.topk(take);
        var p = values.data<double>().ToArray();
        var top = indices.data<long>().ToArray()
            .Select((index, position) => new RankedItem(facts.Describe(vocabulary[(int)index]), p[position]))
            .ToArray();
        if (!vocabulary.TryGetIndex(target, out var targetIndex))
        {
            return empty with { Top = top };
        }

        var targetScore = scores[targetIndex];
        var rank = 1 + scores.gt(targetScore).sum().item<long>();
        return empty with { Top = top, TargetRank = rank, TargetProbability = probabilities[targetIndex].item<double>() };
    }
}
