using ActorRec.Grains.Training;

namespace ActorRec.Server.Hosting;

/// <summary>Adds retraining to the silo, as the Training section of the configuration says.</summary>
internal static class TrainingHostingExtensions
{
    /// <summary>
    /// Binds and validates <see cref="TrainingOptions"/> and adds the trainer's services; the silo may host the trainer
    /// only when Training:Enabled is true, which is read here because it becomes the silo's metadata at startup.
    /// </summary>
    public static ISiloBuilder UseActorRecTraining(this ISiloBuilder silo, IConfiguration configuration)
    {
        var training = configuration.GetSection(TrainingOptions.SectionName).Get<TrainingOptions>() ?? new TrainingOptions();
        silo.Services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return silo.AddActorRecTraining(training.Enabled);
    }
}
