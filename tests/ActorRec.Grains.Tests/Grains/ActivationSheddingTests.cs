using System.ComponentModel.DataAnnotations;
using ActorRec.Grains.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.TestingHost;
using Xunit;

namespace ActorRec.Grains.Tests.Grains;

public sealed class ActivationSheddingTests
{
    [Fact]
    public async Task A_silo_sheds_activations_under_memory_pressure_with_the_documented_thresholds()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddActorRecActivationShedding());
        await using var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);

        var applied = cluster.Silos[0].ServiceProvider.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;

        Assert.True(applied.EnableActivationSheddingOnMemoryPressure);
        Assert.Equal(85, applied.MemoryUsageLimitPercentage, 3);
        Assert.Equal(75, applied.MemoryUsageTargetPercentage, 3);
        Assert.Equal(TimeSpan.FromSeconds(5), applied.MemoryUsagePollingPeriod);
    }

    [Fact]
    public void The_target_must_be_below_the_limit()
    {
        var options = new ActivationSheddingOptions { MemoryLimitPercent = 80, MemoryTargetPercent = 80 };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(ActivationSheddingOptions.MemoryTargetPercent)));
    }
}
