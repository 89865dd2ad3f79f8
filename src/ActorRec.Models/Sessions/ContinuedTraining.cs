namespace ActorRec.Models.Sessions;

/// <summary>How <see cref="ISessionModel.ContinueTraining"/> trains on: the kind keeps its other hyperparameters.</summary>
/// <param name="Epochs">Passes over the new sessions.</param>
/// <param name="LearningRate">The learning rate to use; null scales the model's own by <paramref name="LearningRateScale"/>.</param>
/// <param name="LearningRateScale">Factor on the trained learning rate, used when <paramref name="LearningRate"/> is null.</param>
public sealed record ContinuedTraining(int Epochs, double? LearningRate = null, double LearningRateScale = 1.0)
{
    /// <summary>The learning rate to continue with, given the one the model was trained with.</summary>
    public double LearningRateFor(double trained) => LearningRate ?? trained * LearningRateScale;
}
