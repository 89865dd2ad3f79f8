namespace ActorRec.Models.Training;

/// <summary>The epochs of a training run, stopped at the first diverged one, whichever trainer runs them.</summary>
internal static class EpochLoop
{
    /// <exception cref="InvalidOperationException">An epoch's mean loss is NaN.</exception>
    public static void Run(int epochs, Func<int, EpochResult> epoch, Action<EpochResult>? onEpoch)
    {
        for (var i = 1; i <= epochs; i++)
        {
            var result = epoch(i);
            if (double.IsNaN(result.MeanLoss))
            {
                throw new InvalidOperationException($"Training diverged: the loss of epoch {i} is NaN (lower the learning rate).");
            }

            onEpoch?.Invoke(result);
        }
    }
}
