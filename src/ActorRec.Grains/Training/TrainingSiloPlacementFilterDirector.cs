using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace ActorRec.Grains.Training;

/// <summary>Keeps the candidate silos whose metadata marks them as allowed to train.</summary>
internal sealed class TrainingSiloPlacementFilterDirector(ISiloMetadataCache metadata) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos) =>
        silos.Where(silo => metadata.GetSiloMetadata(silo).Metadata.GetValueOrDefault(TrainingSilo.MetadataKey) == TrainingSilo.Allowed);
}
