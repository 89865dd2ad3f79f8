using Orleans.Runtime.MembershipService.SiloMetadata;

namespace ActorRec.Grains.Training;

/// <summary>Tells from the cluster membership and the silos' metadata whether any active silo may host the trainer.</summary>
/// <remarks>
/// Orleans reports a grain that no silo may host with a general <see cref="OrleansException"/>; this lets an API say
/// precisely that training is switched off everywhere.
/// </remarks>
public sealed class TrainingSilos(IClusterMembershipService membership, ISiloMetadataCache metadata)
{
    public bool AnyAllowed() =>
        membership.CurrentSnapshot.Members.Values.Any(member =>
            member.Status == SiloStatus.Active
            && metadata.GetSiloMetadata(member.SiloAddress).Metadata.GetValueOrDefault(TrainingSilo.MetadataKey) == TrainingSilo.Allowed);
}
