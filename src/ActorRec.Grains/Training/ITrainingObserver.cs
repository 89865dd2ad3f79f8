using ActorRec.Models.Training;

namespace ActorRec.Grains.Training;

/// <summary>Sees a retraining run's progress from the training thread; an exception thrown here fails the run like any training error.</summary>
public interface ITrainingObserver
{
    /// <summary>Called on the training thread after each epoch of run <paramref name="runId"/>.</summary>
    void EpochCompleted(string runId, EpochResult epoch);
}
