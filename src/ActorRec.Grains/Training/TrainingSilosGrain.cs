using ActorRec.Abstractions;
using Orleans.Concurrency;

namespace ActorRec.Grains.Training;

/// <summary>Reads <see cref="TrainingSilos"/> on whichever silo the call lands.</summary>
[StatelessWorker]
internal sealed class TrainingSilosGrain(TrainingSilos silos) : Grain, ITrainingSilosGrain
{
    public Task<bool> AnyAllowedAsync() => Task.FromResult(silos.AnyAllowed());
}
