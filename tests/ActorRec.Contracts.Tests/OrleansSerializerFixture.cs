using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;

namespace ActorRec.Contracts.Tests;

/// <summary>The Orleans serializer as a silo would configure it, discovering the generated codecs by assembly scanning.</summary>
public sealed class OrleansSerializerFixture : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    public Serializer Serializer => _services.GetRequiredService<Serializer>();

    /// <summary>Serializes and deserializes a value, failing unless a non-null value of exactly the same type comes back.</summary>
    public T RoundTrip<T>(T value) => Assert.IsType<T>(Serializer.Deserialize<T>(Serializer.SerializeToArray(value)));

    public void Dispose() => _services.Dispose();
}
