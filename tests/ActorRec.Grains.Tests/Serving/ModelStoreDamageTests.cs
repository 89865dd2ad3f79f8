using System.Text.Json;
using ActorRec.Grains.Serving;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace ActorRec.Grains.Tests.Serving;

/// <summary>A damaged or hostile checkpoint in the store is skipped with a logged reason; the others stay on offer.</summary>
public sealed class ModelStoreDamageTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_newer_checkpoint_whose_manifest_leaves_its_folder_is_skipped_and_logged()
    {
        var good = TestCheckpoints.Save(Path.Combine(_folder.Path, "good"), seed: 1);
        var hostile = Path.Combine(_folder.Path, "hostile");
        var manifest = TestCheckpoints.Save(hostile, seed: 2) with { CreatedAt = good.CreatedAt.AddDays(1), WeightsFile = "../good/weights.dat" };
        File.WriteAllText(Path.Combine(hostile, Checkpoint.ManifestFile), JsonSerializer.Serialize(manifest, Checkpoint.JsonOptions));
        var logger = new RecordingLogger();
        var store = new ModelStore(Options.Create(new ModelStoreOptions { Directory = _folder.Path }), logger);

        var versions = store.List();

        Assert.Equal([good.VersionId], versions.Select(v => v.VersionId));
        var error = Assert.IsType<DataFileException>(Assert.Single(logger.Errors));
        Assert.Equal(Path.Combine(hostile, Checkpoint.ManifestFile), error.FilePath);
        Assert.Contains("weightsFile", error.Reason, StringComparison.Ordinal);
        Assert.Equal(good.VersionId, store.Newest()?.VersionId);
    }

    /// <summary>Keeps the exceptions logged, which carry the reason a checkpoint was skipped.</summary>
    private sealed class RecordingLogger : ILogger<ModelStore>
    {
        public List<Exception> Errors { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null)
            {
                Errors.Add(exception);
            }
        }
    }
}
