using Xunit;

namespace ActorRec.Cli.Tests.Analysis;

/// <summary>
/// The analysis tests share one trained model and one analysis run, made once. They run alone: training and evaluation
/// keep every core busy, which would starve the timing-sensitive load-test workers running beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AnalysisCollection : ICollectionFixture<AnalysisFixture>
{
    public const string Name = "analysis";
}
