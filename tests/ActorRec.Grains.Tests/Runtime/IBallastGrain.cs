namespace ActorRec.Grains.Tests.Runtime;

/// <summary>A test-only grain that holds a share of <see cref="SimulatedMemory"/> while it is active.</summary>
[Alias("actorrec.tests.ballast")]
public interface IBallastGrain : IGrainWithIntegerKey
{
    /// <summary>Returns the id of this activation, which a reactivation changes.</summary>
    [Alias("ping")]
    Task<Guid> PingAsync();
}
