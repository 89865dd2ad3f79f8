using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Orleans.Statistics;

namespace ActorRec.Grains.Tests.Runtime;

/// <summary>
/// Stands in for Orleans' memory statistics on a test silo: memory in use is what the live <see cref="BallastGrain"/>
/// activations hold, so that shedding them relieves the pressure as it would in a real process, and the memory
/// available is ample until the test squeezes it.
/// </summary>
internal sealed class SimulatedMemory : IEnvironmentStatisticsProvider
{
    public const long BytesPerActivation = 1 << 20;

    private readonly ConcurrentDictionary<long, bool> _shed = new();
    private long _availableBytes = 1L << 40;
    private int _live;

    /// <summary>Ballast activations alive on the silo.</summary>
    public int Live => Volatile.Read(ref _live);

    /// <summary>Keys of the ballast grains that Orleans deactivated for memory pressure.</summary>
    public IReadOnlyCollection<long> Shed => [.. _shed.Keys];

    public void Allocate() => Interlocked.Increment(ref _live);

    public void Free(long key, DeactivationReason reason)
    {
        Interlocked.Decrement(ref _live);
        if (reason.ReasonCode == DeactivationReasonCode.HighMemoryPressure)
        {
            _shed.TryAdd(key, true);
        }
    }

    /// <summary>Makes what the live activations hold now all the memory there is (100 % used), as when a container's limit is lowered under a running silo.</summary>
    public void Squeeze() => Volatile.Write(ref _availableBytes, Live * BytesPerActivation);

    public EnvironmentStatistics GetEnvironmentStatistics()
    {
        var maximum = Volatile.Read(ref _availableBytes);
        var used = Math.Min(Live * BytesPerActivation, maximum);
        var free = maximum - used;

        // Orleans keeps this struct's constructor internal; its public fields are the contract the collector reads.
        var statistics = default(EnvironmentStatistics);
        Unsafe.AsRef(in statistics.MaximumAvailableMemoryBytes) = maximum;
        Unsafe.AsRef(in statistics.RawMemoryUsageBytes) = used;
        Unsafe.AsRef(in statistics.FilteredMemoryUsageBytes) = used;
        Unsafe.AsRef(in statistics.RawAvailableMemoryBytes) = free;
        Unsafe.AsRef(in statistics.FilteredAvailableMemoryBytes) = free;
        return statistics;
    }
}
