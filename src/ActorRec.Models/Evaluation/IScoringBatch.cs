using TorchSharp;

namespace ActorRec.Models.Evaluation;

/// <summary>The per-slot state (for example GRU hidden states) of a session-parallel scoring run.</summary>
public interface IScoringBatch : IDisposable
{
    /// <summary>
    /// Feeds one event to every slot and returns the scores of all items for each slot's next event,
    /// a float tensor [slots, ItemCount] owned by the caller's dispose scope.
    /// </summary>
    /// <param name="items">int64 [slots]: the current item of every slot (any valid index for idle slots).</param>
    /// <param name="reset">bool [slots]: true where the slot starts a new session, so its state is zeroed first.</param>
    torch.Tensor Step(torch.Tensor items, torch.Tensor reset);
}
