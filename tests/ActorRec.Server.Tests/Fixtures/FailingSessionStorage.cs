using ActorRec.Abstractions;
using ActorRec.Grains.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>
/// Wraps the server's own session storage and fails the write of chosen clicks once each, before it reaches the store,
/// as an unreachable Redis would.
/// </summary>
internal sealed class FailingSessionStorage(IGrainStorage inner, IEnumerable<(string SessionId, long Seq)> failOnce) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly HashSet<(string SessionId, long Seq)> _failOnce = [.. failOnce];

    /// <summary>Replaces the registered session storage with one that wraps it.</summary>
    public static void Decorate(IServiceCollection services, IEnumerable<(string SessionId, long Seq)> failOnce)
    {
        var original = services.Last(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, GrainStorageNames.Sessions));
        var failures = failOnce.ToList();
        services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Sessions, (provider, key) => new FailingSessionStorage(Create(original, provider, key), failures));
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.State is SessionState session)
        {
            lock (_failOnce)
            {
                if (_failOnce.Remove((grainId.Key.ToString()!, session.LastSeq)))
                {
                    return Task.FromException(new RedisLikeOutageException($"storage unreachable (test: {grainId} seq {session.LastSeq})"));
                }
            }
        }

        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);

    private static IGrainStorage Create(ServiceDescriptor descriptor, IServiceProvider provider, object? key) =>
        descriptor.KeyedImplementationInstance as IGrainStorage
        ?? (IGrainStorage?)descriptor.KeyedImplementationFactory?.Invoke(provider, key)
        ?? (IGrainStorage)ActivatorUtilities.CreateInstance(provider, descriptor.KeyedImplementationType!);

    /// <summary>An exception type the server has never heard of: only the grain's own handling can make it retryable.</summary>
    private sealed class RedisLikeOutageException(string message) : Exception(message);
}
