using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace ActorRec.Grains.Training;

/// <summary>Adds retraining to a silo: the placement rule for the trainer, its thread, its scheduler when allowed.</summary>
public static class TrainingSiloBuilderExtensions
{
    /// <summary>
    /// Registers what the trainer needs on every silo, so that any silo can route calls to it, and marks the silo as
    /// allowed to host it when <paramref name="allowTraining"/>; only such silos run the scheduler. Bind
    /// <see cref="TrainingOptions"/> separately; an <c>IClickLog</c> must be registered on silos that allow training.
    /// </summary>
    public static ISiloBuilder AddActorRecTraining(this ISiloBuilder silo, bool allowTraining)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.UseSiloMetadata(allowTraining ? new Dictionary<string, string> { [TrainingSilo.MetadataKey] = TrainingSilo.Allowed } : []);
        silo.Services.AddPlacementFilter<TrainingSiloPlacementFilterStrategy, TrainingSiloPlacementFilterDirector>(ServiceLifetime.Singleton);
        silo.Services.TryAddSingleton<TrainingWorker>();
        silo.Services.TryAddSingleton<TrainingSilos>();
        silo.Services.TryAddSingleton<ITrainingObserver, LoggingTrainingObserver>();
        if (allowTraining)
        {
            silo.Services.AddHostedService<TrainingScheduler>();
        }

        return silo;
    }
}
