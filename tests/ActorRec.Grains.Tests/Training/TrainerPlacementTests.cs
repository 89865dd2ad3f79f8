using ActorRec.Testing;
using Xunit;

namespace ActorRec.Grains.Tests.Training;

/// <summary>The trainer only ever activates on a silo whose options allow training.</summary>
[Collection(TrainingCollection.Name)]
public sealed class TrainerPlacementTests
{
    [Fact]
    public async Task In_a_cluster_where_only_one_silo_allows_training_the_trainer_lives_on_that_silo()
    {
        using var store = new TempFolder();
        await using var cluster = await TrainingCluster.StartAsync(store.Path, new MemoryClickLog(), _ => { }, allowTraining: [false, true]);

        // Asked through the client, whose gateway may be either silo.
        var status = await cluster.Trainer.GetStatusAsync();

        Assert.Equal(cluster.Silos[1].SiloAddress.ToString(), status.Silo);
        Assert.NotEqual(cluster.Silos[0].SiloAddress.ToString(), status.Silo);
    }

    [Fact]
    public async Task In_a_cluster_where_no_silo_allows_training_the_trainer_cannot_be_reached()
    {
        using var store = new TempFolder();
        await using var cluster = await TrainingCluster.StartAsync(store.Path, new MemoryClickLog(), _ => { }, allowTraining: [false]);

        var error = await Assert.ThrowsAsync<OrleansException>(() => cluster.Trainer.GetStatusAsync());

        Assert.Contains("No active nodes are compatible", error.Message, StringComparison.Ordinal);
    }
}
