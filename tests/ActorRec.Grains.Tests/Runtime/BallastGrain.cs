namespace ActorRec.Grains.Tests.Runtime;

/// <summary>Holds its share of <see cref="SimulatedMemory"/> from activation to deactivation, and reports why it was deactivated.</summary>
internal sealed class BallastGrain(SimulatedMemory memory) : Grain, IBallastGrain
{
    private readonly Guid _activation = Guid.NewGuid();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        memory.Allocate();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        memory.Free(this.GetPrimaryKeyLong(), reason);
        return Task.CompletedTask;
    }

    public Task<Guid> PingAsync() => Task.FromResult(_activation);
}
