using ActorRec.Models.Data;
using ActorRec.Models.Sessions;

namespace ActorRec.Benchmarks;

/// <summary>A data set prepared as training prepared it, checked against the vocabulary of the model to be measured on it.</summary>
internal static class BenchData
{
    public static PreparedData PrepareFor(ISessionModel model, string data, int minItemSupport)
    {
        var prepared = Prepare(data, minItemSupport);
        if (model.Vocabulary.Count != prepared.Vocabulary.Count || Enumerable.Range(0, model.Vocabulary.Count).Any(i => model.Vocabulary[i] != prepared.Vocabulary[i]))
        {
            throw new ArgumentException($"The model's vocabulary is not the one {data} prepares with a minimum item support of {minItemSupport}.");
        }

        return prepared;
    }

    /// <summary>A shared data set's name, a folder or a "synthetic:..." spec, prepared with the given minimum item support.</summary>
    public static PreparedData Prepare(string data, int minItemSupport)
    {
        var preprocessor = new Preprocessor(new PreprocessOptions { MinItemSupport = minItemSupport });
        if (data.StartsWith("synthetic", StringComparison.OrdinalIgnoreCase))
        {
            var (options, testDays) = SyntheticClickLog.ParseSpec(data);
            return preprocessor.Prepare(SyntheticClickLog.GenerateSplit(options, testDays));
        }

        var folder = Directory.Exists(data) ? data : DataSets.FindSharedDataSet(data) ?? throw new ArgumentException($"No data set '{data}'.");
        return preprocessor.Prepare(DataSets.Load(folder));
    }
}
