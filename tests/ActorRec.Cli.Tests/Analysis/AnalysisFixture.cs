using ActorRec.Testing;

namespace ActorRec.Cli.Tests.Analysis;

/// <summary>
/// Makes the shared <see cref="AnalysisRun"/> on first use, so that without the shared data every test skips on its own
/// instead of the fixture failing the collection.
/// </summary>
public sealed class AnalysisFixture : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Lazy<AnalysisRun> _run;

    public AnalysisFixture()
    {
        _run = new(() => AnalysisRun.Create(_folder.Path));
    }

    internal AnalysisRun Run
    {
        get
        {
            _ = SharedData.RequireDataSet(AnalysisRun.DataSet);
            return _run.Value;
        }
    }

    public void Dispose()
    {
        if (_run.IsValueCreated)
        {
            _run.Value.Dispose();
        }

        _folder.Dispose();
    }
}
