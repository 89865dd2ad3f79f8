using Orleans.Placement;

namespace ActorRec.Grains.Training;

/// <summary>Restricts a grain's placement to silos whose metadata allows training; see <see cref="TrainingSiloPlacementFilterAttribute"/>.</summary>
public sealed class TrainingSiloPlacementFilterStrategy() : PlacementFilterStrategy(order: 0);
