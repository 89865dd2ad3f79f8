using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace ActorRec.Grains.Runtime;

/// <summary>Turns on Orleans' activation shedding under memory pressure with the thresholds of <see cref="ActivationSheddingOptions"/>.</summary>
public static class ActivationSheddingSiloBuilderExtensions
{
    public static ISiloBuilder AddActorRecActivationShedding(this ISiloBuilder silo)
    {
        // Validated here with the BCL's validator: this library does not take the DataAnnotations options package for one class.
        silo.Services.AddOptions<ActivationSheddingOptions>()
            .BindConfiguration(ActivationSheddingOptions.SectionName)
            .Validate(
                o => Validator.TryValidateObject(o, new ValidationContext(o), null, validateAllProperties: true),
                $"{ActivationSheddingOptions.SectionName}: a value is out of range, or MemoryTargetPercent is not below MemoryLimitPercent.")
            .ValidateOnStart();
        silo.Services.AddOptions<GrainCollectionOptions>().Configure<IOptions<ActivationSheddingOptions>>((collection, shedding) =>
        {
            var value = shedding.Value;
            collection.EnableActivationSheddingOnMemoryPressure = value.Enabled;
            collection.MemoryUsageLimitPercentage = value.MemoryLimitPercent;
            collection.MemoryUsageTargetPercentage = value.MemoryTargetPercent;
            collection.MemoryUsagePollingPeriod = value.PollingPeriod;
        });
        return silo;
    }
}
