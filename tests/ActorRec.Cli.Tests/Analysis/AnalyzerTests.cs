using System.Text.RegularExpressions;
using ActorRec.Cli.Analysis;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Gru4Rec;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Cli.Tests.Analysis;

[Collection(AnalysisCollection.Name)]
public sealed class AnalyzerTests(AnalysisFixture fixture)
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void Mirror_lists_the_most_and_least_similar_items_by_cosine_of_the_learned_embeddings()
    {
        var run = fixture.Run;
        var model = Assert.IsType<Gru4RecModel>(run.Models[0].Model);
        var table = run.Result.Mirrors[0];
        Assert.Equal(run.Options.PopularItems, table.Entries.Count);
        foreach (var entry in table.Entries)
        {
            var (expected, all) = IndependentNeighbours(model.Network.ItemEmbedding, model.Vocabulary.IndexOf(entry.Query.Id), run.Options.Neighbours);
            AssertNeighbours(expected.Most, all, model.Vocabulary, entry.MostSimilar);
            AssertNeighbours(expected.Least, all, model.Vocabulary, entry.LeastSimilar);
            Assert.DoesNotContain(entry.MostSimilar.Concat(entry.LeastSimilar), n => n.Item.Id == entry.Query.Id);
        }
    }

    [Fact]
    public void Mirror_tables_the_most_popular_training_items_with_their_counts_and_categories()
    {
        var run = fixture.Run;
        var support = run.Data.Train.ItemSupport();
        var expected = Enumerable.Range(0, support.Length).OrderByDescending(i => support[i]).ThenBy(i => i)
            .Take(run.Options.PopularItems).Select(i => run.Data.Vocabulary[i]).ToList();

        var queries = run.Result.Mirrors[0].Entries.Select(e => e.Query).ToList();

        Assert.Equal(expected, queries.Select(q => q.Id));
        Assert.All(queries, q => Assert.Equal(support[run.Data.Vocabulary.IndexOf(q.Id)], q.Count));
        Assert.All(queries, q => Assert.Equal(run.Categories.GetValueOrDefault(q.Id), q.Category));
        Assert.Contains(queries, q => q.Category is not null);
    }

    [Fact]
    public void Mirror_of_a_model_with_another_vocabulary_matches_items_by_external_id()
    {
        var run = fixture.Run;
        var other = run.Models[1];
        var table = run.Result.Mirrors[1];
        var queries = run.Result.Mirrors[0].Entries.Select(e => e.Query.Id).ToList();

        Assert.Equal(AnalysisRun.OtherLabel, table.Model);
        Assert.Equal(queries.Where(id => !other.Model.Vocabulary.TryGetIndex(id, out _)), table.Unknown);
        foreach (var entry in table.Entries)
        {
            var (expected, all) = IndependentNeighbours(Assert.IsType<Gru4RecModel>(other.Model).Network.ItemEmbedding, other.Model.Vocabulary.IndexOf(entry.Query.Id), run.Options.Neighbours);
            AssertNeighbours(expected.Most, all, other.Model.Vocabulary, entry.MostSimilar);
            Assert.All(entry.MostSimilar, n => Assert.Equal(run.Data.Train.ItemSupport()[run.Data.Vocabulary.IndexOf(n.Item.Id)], n.Item.Count));
        }
    }

    [Fact]
    public void Predictions_are_the_softmax_of_the_model_stepped_through_the_session_one_item_at_a_time()
    {
        var run = fixture.Run;
        var model = Assert.IsType<Gru4RecModel>(run.Models[0].Model);
        Assert.Equal(run.Options.Sessions, run.Result.Predictions.Count);
        foreach (var prediction in run.Result.Predictions)
        {
            var mine = prediction.Predictions[0];
            Assert.Equal(run.Models[0].Label, mine.Model);
            Assert.Equal(run.Options.TopN, mine.Top.Count);

            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var hidden = model.Network.NewHidden(1, CPU);
            Tensor? scores = null;
            foreach (var item in prediction.Items)
            {
                scores = model.Step(tensor(new long[] { model.Vocabulary.IndexOf(item.Id) }), hidden);
            }

            var probabilities = scores!.to(float64).softmax(1)[0];
            var (best, _) = probabilities.topk(run.Options.TopN);
            Assert.Equal(best.data<double>().ToArray(), mine.Top.Select(t => t.Probability), (a, b) => Math.Abs(a - b) < Tolerance);
            Assert.All(mine.Top, t => Assert.Equal(probabilities[model.Vocabulary.IndexOf(t.Item.Id)].item<double>(), t.Probability, Tolerance));

            var target = model.Vocabulary.IndexOf(prediction.Target.Id);
            var rank = 1 + scores[0].gt(scores[0][target]).sum().item<long>();
            Assert.InRange(mine.TargetRank!.Value, rank - 1, rank + 1);
            Assert.Equal(probabilities[target].item<double>(), mine.TargetProbability!.Value, Tolerance);
            Assert.Equal(mine.Top.Any(t => t.Item.Id == prediction.Target.Id), mine.Hit);
        }
    }

    [Fact]
    public void Prediction_samples_are_test_sessions_cut_before_a_target_and_reproducible_by_seed()
    {
        var run = fixture.Run;
        var test = run.Data.Test;

        var first = PredictionBatches.Sample(test, 20, seed: 11);
        var again = PredictionBatches.Sample(test, 20, seed: 11);
        var other = PredictionBatches.Sample(test, 20, seed: 12);

        Assert.Equal(first.Select(s => (s.SessionId, string.Join(' ', s.Items), s.Target)), again.Select(s => (s.SessionId, string.Join(' ', s.Items), s.Target)));
        Assert.NotEqual(first.Select(s => s.SessionId), other.Select(s => s.SessionId));
        Assert.Equal(20, first.Select(s => s.SessionId).Distinct().Count());
        foreach (var sample in first)
        {
            var session = Array.IndexOf(test.SessionIds, sample.SessionId);
            var items = test.SessionItems(session).ToArray().Select(i => test.Vocabulary[i]).ToList();
            Assert.NotEmpty(sample.Items);
            Assert.Equal(items.Take(sample.Items.Count), sample.Items);
            Assert.Equal(items[sample.Items.Count], sample.Target);
        }
    }

    [Fact]
    public void Predictions_of_a_model_with_another_vocabulary_skip_the_items_it_does_not_know()
    {
        var run = fixture.Run;
        var other = run.Models[1].Model.Vocabulary;
        foreach (var prediction in run.Result.Predictions)
        {
            var theirs = prediction.Predictions[1];
            var unknown = prediction.Items.Count(i => !other.TryGetIndex(i.Id, out _));
            Assert.Equal(unknown, theirs.UnknownItems);
            Assert.Equal(other.TryGetIndex(prediction.Target.Id, out _) && unknown < prediction.Items.Count, theirs.TargetRank is not null);
            Assert.All(theirs.Top, t => Assert.True(other.TryGetIndex(t.Item.Id, out _)));
        }
    }

    [Fact]
    public void Metrics_agree_with_a_plain_evaluation_and_cover_every_model_and_baseline()
    {
        var run = fixture.Run;
        var model = Assert.IsType<Gru4RecModel>(run.Models[0].Model);
        var plain = new Evaluator(new EvaluationOptions { Cutoffs = [5, 20] }).Evaluate(model, run.Data.Test, TestContext.Current.CancellationToken);

        var metrics = run.Result.Metrics;

        Assert.Equal([run.Models[0].Label, AnalysisRun.OtherLabel, "MostPopular"], metrics.Select(m => m.Label));
        Assert.Equal(plain.At(20).Recall, metrics[0].Accuracy.At(20).Recall);
        Assert.Equal(plain.At(5).Mrr, metrics[0].Accuracy.At(5).Mrr);
        Assert.Equal(plain.At(20).Coverage!.Value, metrics[0].BeyondAccuracy.Coverage, 12);
        Assert.Equal(20, metrics[0].BeyondAccuracy.K);
        Assert.True(metrics[0].Accuracy.At(20).Recall > metrics[1].Accuracy.At(20).Recall, "the trained model should beat an untrained one");
        Assert.All(metrics, m => Assert.NotNull(m.BeyondAccuracy.Diversity));
        Assert.All(metrics, m => Assert.NotNull(m.BeyondAccuracy.CategoryDiversity));
        Assert.True(metrics[2].BeyondAccuracy.Coverage < metrics[0].BeyondAccuracy.Coverage, "most popular recommends the same 20 items to everyone");
    }

    [Fact]
    public void Projection_is_the_principal_component_analysis_of_the_item_embeddings()
    {
        var run = fixture.Run;
        var projection = run.Result.Projections[0].Projection;

        using var scope = NewDisposeScope();
        var vectors = Assert.IsType<Gru4RecModel>(run.Models[0].Model).Network.ItemEmbedding.detach().to(float64);
        var centred = vectors - vectors.mean([0], keepdim: true);
        var covariance = centred.t().matmul(centred);
        var eigenvalues = linalg.eigvalsh(covariance).flip(0);
        var total = eigenvalues.sum().item<double>();

        Assert.Equal(eigenvalues[0].item<double>() / total, projection.ExplainedX, 9);
        Assert.Equal(eigenvalues[1].item<double>() / total, projection.ExplainedY, 9);
        Assert.Equal(eigenvalues[0].item<double>(), projection.X.Sum(x => x * x), eigenvalues[0].item<double>() * 1e-9);
        Assert.Equal(run.Models[0].Model.ItemCount, projection.X.Length);
    }

    [Fact]
    public void Charts_are_png_files_of_the_drawn_size()
    {
        var run = fixture.Run;
        var pngs = run.Result.Files.Where(f => f.EndsWith(".png", StringComparison.Ordinal)).ToList();

        // Two projections per model (the data has categories) and four metric charts.
        Assert.Equal((2 * run.Models.Count) + 4, pngs.Count);
        foreach (var png in pngs)
        {
            var (width, height) = PngFile.ReadSize(png);
            Assert.Equal(900, width);
            Assert.Contains(height, new[] { 500, 700 });
            Assert.True(new FileInfo(png).Length > 5_000, $"{png} is suspiciously small");
        }
    }

    [Fact]
    public void Report_is_one_self_contained_html_file_with_every_section_and_the_computed_tables()
    {
        var run = fixture.Run;
        var html = File.ReadAllText(run.Result.Report);

        Assert.All(HtmlReport.Sections, s => Assert.Contains($"<section id=\"{s.Id}\">", html, StringComparison.Ordinal));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        var sources = Regex.Matches(html, "src=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(run.Result.Files.Count(f => f.EndsWith(".png", StringComparison.Ordinal)), sources.Count);
        Assert.All(sources, s => Assert.StartsWith("data:image/png;base64,", s, StringComparison.Ordinal));

        var mirror = Section(html, "mirror");
        var top = run.Result.Mirrors[0].Entries[0];
        Assert.Contains($"<td>{top.MostSimilar[0].Item.Id}</td>", mirror, StringComparison.Ordinal);
        Assert.Contains($"<td>{top.LeastSimilar[0].Item.Id}</td>", mirror, StringComparison.Ordinal);
        var predictions = Section(html, "predictions");
        Assert.Equal(run.Result.Predictions.Count, Regex.Matches(predictions, "<div class=\"case\"").Count);
        Assert.Equal(run.Result.Predictions.Sum(p => p.Predictions.Count(m => m.Hit)), Regex.Matches(predictions, "<td class=\"hit\">").Count);
    }

    [Fact]
    public void Unknown_item_ids_are_rejected_with_the_ids_in_the_message()
    {
        var run = fixture.Run;
        var analyzer = new Analyzer(new AnalysisOptions { Items = [run.Data.Vocabulary[0], "no-such-item"] });

        var error = Assert.Throws<ArgumentException>(() => analyzer.Run(
            "test", run.Data, null, run.Models, [], Path.Combine(Path.GetTempPath(), "never-written"), TestContext.Current.CancellationToken));

        Assert.Contains("'no-such-item'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain($"'{run.Data.Vocabulary[0]}'", error.Message, StringComparison.Ordinal);
    }

    // Cosines from normalised rows in one matrix product: independent of the host loop the analysis uses.
    private static ((long[] Most, long[] Least) Expected, double[] All) IndependentNeighbours(Tensor embedding, int index, int count)
    {
        using var scope = NewDisposeScope();
        var vectors = embedding.detach().to(float64);
        var unit = vectors / vectors.norm(1, keepdim: true);
        var cosines = unit.matmul(unit[index]);
        var all = cosines.data<double>().ToArray();
        cosines[index] = double.NaN;
        var (_, most) = cosines.nan_to_num(double.NegativeInfinity).topk(count);
        var (_, least) = cosines.nan_to_num(double.PositiveInfinity).topk(count, largest: false);
        return ((most.data<long>().ToArray(), least.data<long>().ToArray()), all);
    }

    // Exact cosines must agree; the order of items only up to ties, which the tolerance allows.
    private static void AssertNeighbours(long[] expected, double[] all, Models.Data.ItemVocabulary vocabulary, IReadOnlyList<ItemNeighbour> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        Assert.Equal(expected.Select(i => all[i]), actual.Select(n => n.Similarity), (a, b) => Math.Abs(a - b) < Tolerance);
        Assert.All(actual, n => Assert.Equal(all[vocabulary.IndexOf(n.Item.Id)], n.Similarity, Tolerance));
    }

    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal);
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }
}
