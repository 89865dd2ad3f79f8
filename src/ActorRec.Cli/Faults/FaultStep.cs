namespace ActorRec.Cli.Faults;

/// <summary>One fault of the schedule.</summary>
/// <param name="At">Seconds into the traffic.</param>
/// <param name="Kind">What is done.</param>
/// <param name="Silo">The silo killed, for <see cref="FaultKind.SiloKill"/>.</param>
internal sealed record FaultStep(double At, FaultKind Kind, int Silo = -1)
{
    /// <summary>The schedule the options describe, in time order: silo kills round robin, one activation, one Redis kill, one Redis stall.</summary>
    public static IReadOnlyList<FaultStep> Schedule(FaultOptions options)
    {
        var steps = new List<FaultStep>();
        if (options.SiloKillEverySeconds > 0)
        {
            for (var k = 1; k * options.SiloKillEverySeconds < options.DurationSeconds; k++)
            {
                steps.Add(new FaultStep(k * options.SiloKillEverySeconds, FaultKind.SiloKill, (k - 1) % options.Silos));
            }
        }

        if (options.ActivateAtSeconds >= 0)
        {
            steps.Add(new FaultStep(options.ActivateAtSeconds, FaultKind.Activation));
        }

        if (options.RedisKillAtSeconds >= 0)
        {
            steps.Add(new FaultStep(options.RedisKillAtSeconds, FaultKind.RedisKill));
        }

        if (options.RedisStallAtSeconds >= 0)
        {
            steps.Add(new FaultStep(options.RedisStallAtSeconds, FaultKind.RedisStall));
        }

        return [.. steps.OrderBy(s => s.At)];
    }
}
