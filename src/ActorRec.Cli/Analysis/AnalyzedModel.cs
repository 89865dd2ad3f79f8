using ActorRec.Models.Checkpoints;
using ActorRec.Models.Sessions;
using static TorchSharp.torch;

namespace ActorRec.Cli.Analysis;

/// <summary>A loaded checkpoint and the label the report shows it under.</summary>
internal sealed class AnalyzedModel(string label, string directory, ISessionModel model, CheckpointManifest manifest) : IDisposable
{
    public string Label { get; } = label;

    public string Directory { get; } = directory;

    public ISessionModel Model { get; } = model;

    public CheckpointManifest Manifest { get; } = manifest;

    /// <summary>
    /// Loads every <c>--model</c> argument, <c>path</c> or <c>label=path</c>. Unlabelled models are labelled by their model
    /// kind, with the folder name added where two would share a label.
    /// </summary>
    /// <exception cref="ArgumentException">A checkpoint folder is missing or two models would share a label.</exception>
    public static IReadOnlyList<AnalyzedModel> LoadAll(IReadOnlyList<string> arguments, Device device)
    {
        var parsed = arguments.Select(Parse).ToList();
        var loaded = new List<AnalyzedModel>();
        try
        {
            foreach (var (label, folder) in parsed)
            {
                var (model, manifest) = Checkpoint.Load(folder, device);
                loaded.Add(new AnalyzedModel(label ?? manifest.ModelKind, folder, model, manifest));
            }

            var shared = loaded.Where((m, i) => parsed[i].Label is null).GroupBy(m => m.Label).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
            var labelled = loaded.Select((m, i) => parsed[i].Label is null && shared.Contains(m.Label)
                ? new AnalyzedModel($"{m.Label} ({Path.GetFileName(Path.TrimEndingDirectorySeparator(m.Directory))})", m.Directory, m.Model, m.Manifest)
                : m).ToList();
            if (labelled.GroupBy(m => m.Label).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            {
                throw new ArgumentException($"--model: two models are labelled '{duplicate.Key}'; name them with label=path.");
            }

            return labelled;
        }
        catch
        {
            foreach (var model in loaded)
            {
                model.Dispose();
            }

            throw;
        }
    }

    public void Dispose() => Model.Dispose();

    private static (string? Label, string Folder) Parse(string argument)
    {
        // A folder whose name holds '=' is still a folder; only otherwise is "label=" split off.
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        var (label, folder) = equals > 0 && !System.IO.Directory.Exists(argument) ? (argument[..equals].Trim(), argument[(equals + 1)..]) : (null, argument);
        if (label is { Length: 0 } || folder.Length == 0)
        {
            throw new ArgumentException($"--model: '{argument}' is neither a checkpoint folder nor label=folder.");
        }

        if (!System.IO.Directory.Exists(folder))
        {
            throw new ArgumentException($"--model: checkpoint folder '{folder}' does not exist: train one with `actorrec train --data <data set> --out {folder}`.");
        }

        if (!File.Exists(Path.Combine(folder, Checkpoint.ManifestFile)))
        {
            throw new ArgumentException($"--model: '{folder}' is not a checkpoint ({Checkpoint.ManifestFile} is missing): give the folder `actorrec train --out` wrote.");
        }

        return (label, Path.GetFullPath(folder));
    }
}
