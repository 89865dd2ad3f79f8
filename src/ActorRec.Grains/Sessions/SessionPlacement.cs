using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace ActorRec.Grains.Sessions;

/// <summary>Where a new session grain is activated (<see cref="SessionGrainOptions.Placement"/>).</summary>
public enum SessionPlacementMode
{
    /// <summary>On the silo that receives the session's first call, so its clicks need no hop between silos.</summary>
    Local,

    /// <summary>On any compatible silo at random: what a cluster gets from a placement that ignores where calls enter.</summary>
    Random,
}

/// <summary>The session grain's placement strategy; the mode is read from <see cref="SessionGrainOptions"/> by the director.</summary>
[GenerateSerializer]
[Alias("actorrec.SessionPlacementStrategy")]
public sealed class SessionPlacementStrategy : PlacementStrategy
{
    internal static readonly SessionPlacementStrategy Instance = new();
}

/// <summary>Places the class with <see cref="SessionPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SessionPlacementAttribute() : PlacementAttribute(SessionPlacementStrategy.Instance);

/// <summary>
/// Local: the receiving silo when it is compatible and active (as Orleans' prefer-local placement), else a random
/// compatible one; Random: a random compatible silo. Called on the silo that receives the first call: for a call from
/// the gateway tier, the silo the Orleans client sent it to, which it chooses by the grain's id, so a session's clicks
/// keep arriving there.
/// </summary>
internal sealed class SessionPlacementDirector(IOptions<SessionGrainOptions> options) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (options.Value.Placement == SessionPlacementMode.Local
            && context.LocalSiloStatus == SiloStatus.Active
            && compatible.Contains(context.LocalSilo))
        {
            return Task.FromResult(context.LocalSilo);
        }

        return Task.FromResult(compatible[System.Random.Shared.Next(compatible.Length)]);
    }
}

/// <summary>Registers the session grain's placement on a silo; every silo that may host sessions needs it.</summary>
public static class SessionPlacementSiloBuilderExtensions
{
    public static ISiloBuilder AddActorRecSessionPlacement(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddPlacementDirector<SessionPlacementStrategy, SessionPlacementDirector>();
        return silo;
    }
}
