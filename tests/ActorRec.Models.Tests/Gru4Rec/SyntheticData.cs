using ActorRec.Models.Data;

namespace ActorRec.Models.Tests.Gru4Rec;

/// <summary>A small generated click log with learnable transitions, prepared once for the model tests.</summary>
internal static class SyntheticData
{
    private static readonly Lazy<PreparedData> Data = new(() =>
        new Preprocessor().Prepare(SyntheticClickLog.GenerateSplit(new SyntheticClickLogOptions { Items = 200, Sessions = 1500, Seed = 3, OutDegree = 3 }, 2)));

    public static PreparedData Prepared() => Data.Value;
}
