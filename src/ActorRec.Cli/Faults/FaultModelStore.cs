using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;

namespace ActorRec.Cli.Faults;

/// <summary>
/// The model store the cluster serves from: two versions at least, one active at the start and one activated during
/// the run. Either copied from a given store, so that the run never writes into it, or trained here in a minute.
/// </summary>
internal static class FaultModelStore
{
    /// <summary>Fills <paramref name="store"/> and returns the version to start with and the version to activate later.</summary>
    public static (string First, string Second) Prepare(FaultOptions options, DataSource source, string store, Action<string> say, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(store);
        if (options.ModelsPath is { } given)
        {
            var copied = new List<CheckpointManifest>();
            foreach (var checkpoint in Directory.EnumerateDirectories(given).Where(d => File.Exists(Path.Combine(d, Checkpoint.ManifestFile))))
            {
                var target = Path.Combine(store, Path.GetFileName(checkpoint));
                Directory.CreateDirectory(target);
                foreach (var file in Directory.EnumerateFiles(checkpoint))
                {
                    File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
                }

                copied.Add(Checkpoint.ReadManifest(target));
            }

            var versions = copied.OrderBy(m => m.CreatedAt).Select(m => m.VersionId).Distinct().ToList();
            if (versions.Count < 2)
            {
                throw new ArgumentException($"--models: '{given}' holds {versions.Count} model version(s); the run activates a second one, so it needs two.");
            }

            say($"Model store: {versions.Count} versions copied from {given}.");
            return (versions[0], versions[1]);
        }

        // Two seeds give two genuinely different versions (the version id carries the weights' hash).
        var data = new Preprocessor(new PreprocessOptions()).Prepare(source.Logs);
        var info = Workflow.DataInfoOf(source, data);
        var trained = new List<string>();
        foreach (var seed in new[] { 1, 2 })
        {
            cancellationToken.ThrowIfCancellationRequested();
            say($"Training GRU4Rec (seed {seed}, {options.TrainEpochs} epoch(s)) on {data.Train.EventCount:N0} events for the model store...");
            var settings = Gru4RecOptions.Rsc15CrossEntropy with { Epochs = options.TrainEpochs, Seed = seed };
            using var model = new Gru4RecTrainer(settings).Train(data.Train, cancellationToken: cancellationToken);
            trained.Add(Checkpoint.Save(Path.Combine(store, $"gru4rec-seed{seed}"), model, info, [], new Dictionary<string, double>(), null).VersionId);
        }

        return (trained[0], trained[1]);
    }
}
