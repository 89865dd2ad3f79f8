using ActorRec.Cli.Analysis;
using ActorRec.Models.Baselines;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using ActorRec.Testing;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Cli.Tests.Analysis;

/// <summary>
/// A GRU4Rec trained briefly on the real JData sample (which has item categories), an untrained model over a shuffled,
/// partial copy of its vocabulary (as if trained on other preprocessing), both saved and loaded as real checkpoints, and
/// the analysis of the two against the most-popular baseline.
/// </summary>
/// <param name="Data">The prepared data the models were trained and analysed on.</param>
/// <param name="Categories">Category by external item id.</param>
/// <param name="Models">The trained model first, then the untrained one with the other vocabulary.</param>
/// <param name="Options">The analysis settings.</param>
/// <param name="Result">What the analysis computed and wrote.</param>
internal sealed record AnalysisRun(
    PreparedData Data,
    IReadOnlyDictionary<string, string> Categories,
    IReadOnlyList<AnalyzedModel> Models,
    AnalysisOptions Options,
    AnalysisResult Result) : IDisposable
{
    public const string DataSet = "jdata";
    public const string OtherLabel = "other-vocabulary";

    public string Trained => Models[0].Directory;

    public static AnalysisRun Create(string folder)
    {
        var dataFolder = SharedData.RequireDataSet(DataSet);
        var logs = DataSets.Load(dataFolder);

        // The data set ships its split; like the README says for such data, keep every item.
        var data = new Preprocessor(new PreprocessOptions { MinItemSupport = 1 }).Prepare(logs);
        var categories = ItemCategories.Read(logs.ItemCategoriesPath!);
        var info = new DataInfo(data.Fingerprint(), dataFolder, data.Train.EventCount, data.Train.SessionCount, data.Test.EventCount, data.Test.SessionCount);
        var options = Gru4RecOptions.Rsc15CrossEntropy with { Layers = [32], Epochs = 2, Seed = 7 };
        var trained = Path.Combine(folder, "trained");
        using (var model = new Gru4RecTrainer(options).Train(data.Train, cancellationToken: TestContext.Current.CancellationToken))
        {
            Checkpoint.Save(trained, model, info, [], new Dictionary<string, double>(), null);
        }

        // Reversed order and every tenth item missing: indices differ from the data's everywhere and some items are unknown.
        var otherVocabulary = new ItemVocabulary(data.Vocabulary.Ids.Reverse().Where((_, i) => i % 10 != 3));
        var other = Path.Combine(folder, "other");
        using (var model = Gru4RecModel.Create(otherVocabulary, options with { Layers = [16], Seed = 3 }, CPU))
        {
            Checkpoint.Save(other, model, info with { Fingerprint = "other" }, [], new Dictionary<string, double>(), null);
        }

        var models = AnalyzedModel.LoadAll([trained, $"{OtherLabel}={other}"], CPU);
        try
        {
            var analysisOptions = new AnalysisOptions { Sessions = 6, Seed = 5, PopularItems = 3 };
            var result = new Analyzer(analysisOptions).Run(
                $"{DataSet} (test)", data, categories, models, [new MostPopularScorer(data.Train)], Path.Combine(folder, "out"), TestContext.Current.CancellationToken);
            return new AnalysisRun(data, categories, models, analysisOptions, result);
        }
        catch
        {
            foreach (var model in models)
            {
                model.Dispose();
            }

            throw;
        }
    }

    public void Dispose()
    {
        foreach (var model in Models)
        {
            model.Dispose();
        }
    }
}
