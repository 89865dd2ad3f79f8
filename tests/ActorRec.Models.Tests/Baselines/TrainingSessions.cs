using ActorRec.Models.Data;
using ActorRec.Models.Tests.Evaluation;

namespace ActorRec.Models.Tests.Baselines;

/// <summary>
/// A tiny training set over 6 items. Support: 0:4, 1:3, 2:2, 3:2, 4:1, 5:0.
/// Transitions: 0->1 twice, 0->2, 1->2, 1->0, 3->3 once each; item 5 never occurs.
/// </summary>
internal static class TrainingSessions
{
    public static SessionDataset Create() => TestSessions.Create(6, [0, 1, 2], [0, 1], [0, 2], [1, 0], [3, 3], [4]);
}
