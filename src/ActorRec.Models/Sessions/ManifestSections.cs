using System.Text.Json.Nodes;

namespace ActorRec.Models.Sessions;

/// <summary>A model's hyperparameters as the manifest stores them.</summary>
/// <param name="Hyperparameters">The kind's hyperparameters (manifest "hyperparameters").</param>
/// <param name="QLearning">
/// Manifest "qLearning": kept as its own section because SQN and SMORL checkpoints already carry it there; null for
/// kinds without one.
/// </param>
public sealed record ManifestSections(JsonObject Hyperparameters, JsonObject? QLearning = null);
