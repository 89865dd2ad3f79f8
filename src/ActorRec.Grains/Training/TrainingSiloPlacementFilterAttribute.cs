using Orleans.Placement;

namespace ActorRec.Grains.Training;

/// <summary>
/// Places the grain only on silos that allow training (<see cref="TrainingSilo.MetadataKey"/> in their silo metadata),
/// so that a cluster can keep training off the silos that serve; with no such silo the grain cannot be activated.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class TrainingSiloPlacementFilterAttribute() : PlacementFilterAttribute(new TrainingSiloPlacementFilterStrategy());
