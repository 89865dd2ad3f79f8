using ActorRec.Grains.Runtime;
using ActorRec.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using Xunit;

namespace ActorRec.Server.Tests.Serving;

/// <summary>
/// The embedded mode keeps grain state in the Orleans serializer's form, as Redis does: the providers' default,
/// Newtonsoft JSON, costs a busy server about a third of its CPU, since every click writes its session's state.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class GrainStorageFormatTests(ServerFixture fixture)
{
    [Theory]
    [InlineData(GrainStorageNames.Sessions)]
    [InlineData(GrainStorageNames.Registry)]
    public void In_memory_grain_state_uses_the_orleans_serializer(string provider)
    {
        fixture.RequireServer();

        var options = fixture.Services.GetRequiredService<IOptionsMonitor<MemoryGrainStorageOptions>>().Get(provider);

        Assert.IsType<OrleansGrainStorageSerializer>(options.GrainStorageSerializer);
    }
}
