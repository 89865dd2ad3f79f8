using ActorRec.Server.Tests.Fixtures;
using Xunit;

namespace ActorRec.Server.Tests.Serving;

/// <summary>Streaming every test session click by click gives what the offline forward pass gives.</summary>
[Collection(ServerCollection.Name)]
public sealed class StreamingParityTests(ServerFixture server)
{
    [Fact]
    public async Task Every_click_of_every_test_session_gets_the_offline_top_k_and_the_offline_metrics()
    {
        server.RequireServer();
        await StreamingParity.AssertServedEqualsOfflineAsync(server.Channel, server.Model, server.VersionId, server.Data.Test);
    }
}
