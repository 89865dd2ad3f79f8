using System.ComponentModel.DataAnnotations;
using ActorRec.Grains.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Statistics;
using Orleans.TestingHost;
using Xunit;

namespace ActorRec.Grains.Tests.Runtime;

public sealed class ActivationSheddingTests
{
    private const int Activations = 300;

    [Fact]
    public async Task Under_memory_pressure_the_silo_sheds_activations_down_to_the_target_and_a_shed_grain_answers_again()
    {
        // Arrange: a silo whose memory is what its ballast grains hold, with Orleans' shedding configured as in production
        // but looking every 100 ms instead of every 5 s.
        var memory = new SimulatedMemory();
        var builder = new InProcessTestClusterBuilder(1);

        // Otherwise the test cluster puts its own statistics hook in front of whatever the silo registers.
        builder.Options.UseRealEnvironmentStatistics = true;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddActorRecActivationShedding();
            silo.Services.Configure<ActivationSheddingOptions>(o => o.PollingPeriod = TimeSpan.FromMilliseconds(100));
            silo.Services.AddSingleton(memory);
            silo.Services.AddSingleton<IEnvironmentStatisticsProvider>(memory);
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        Assert.Same(memory, cluster.Silos[0].ServiceProvider.GetRequiredService<IEnvironmentStatisticsProvider>());
        var applied = cluster.Silos[0].ServiceProvider.GetRequiredService<IOptions<ActivationSheddingOptions>>().Value;

        var first = new Dictionary<long, Guid>();
        for (var key = 0L; key < Activations; key++)
        {
            first[key] = await cluster.Client.GetGrain<IBallastGrain>(key).PingAsync();
        }

        Assert.Equal(Activations, memory.Live);

        // Act: the memory the silo may use shrinks to what it holds now, 100 % used, above the 85 % limit.
        memory.Squeeze();

        // Orleans sheds only after a full collection since its last round (a cue that memory really is held), so each
        // look forces one. Shedding down to 75 % of the memory leaves 75 % of the ballast, give or take the few
        // activations of Orleans' own that the silo counts beside it.
        var target = (int)(Activations * applied.MemoryTargetPercent / 100);
        await Deadline.UntilAsync(
            () =>
            {
                GC.Collect();
                return memory.Live <= target + 2;
            },
            $"the silo to shed its {Activations} ballast activations to about {target} under memory pressure");

        // Assert: shed for memory pressure (not idle collection), down to about the target and no further, since at 75 %
        // the silo is back under its limit.
        Assert.InRange(memory.Live, target - 10, target + 2);
        Assert.InRange(memory.Shed.Count, Activations - target - 2, Activations - target + 10);

        var shed = memory.Shed.First();
        var again = await cluster.Client.GetGrain<IBallastGrain>(shed).PingAsync();
        Assert.NotEqual(first[shed], again);
    }

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
