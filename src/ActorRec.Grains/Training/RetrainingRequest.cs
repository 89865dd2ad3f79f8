
using ActorRec.Grains.Serving;

namespace ActorRec.Grains.Training;

/// <summary>What one retraining run starts from: the active checkpoint and the part of the click log it reads.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="Active">The active version's checkpoint, warm-started from and compared with.</param>
/// <param name="WindowStart">Log position the window is read from.</param>
/// <param name="WindowClicks">Clicks to read from there: up to the position the trainer had counted when the run started.</param>
/// <param name="Seed">Seeds the new items' rows, dropout and negative sampling, so that a run can be repeated.</param>
internal sealed record RetrainingRequest(string RunId, ModelStoreEntry Active, string WindowStart, long WindowClicks, int Seed);
