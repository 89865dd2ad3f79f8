using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using StackExchange.Redis;
using Xunit;

namespace ActorRec.Server.Tests.Cluster;

/// <summary>Ending a session removes its state from Redis instead of leaving an empty record behind.</summary>
[Collection(ServerCollection.Name)]
public sealed class RedisEndSessionTests(ServerFixture fixture)
{
    [Fact]
    public async Task EndSession_deletes_the_session_key_and_only_that_one()
    {
        fixture.RequireServer();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(cancellationToken);
        await using var server = ServerUnderTest.WithRedis(fixture.StoreDirectory, redis.ConfigurationString);
        await server.WaitUntilServingAsync(cancellationToken);
        var runId = Guid.NewGuid().ToString("N")[..8];
        var item = fixture.Data.Vocabulary[fixture.Data.Test.Items[0]];
        foreach (var session in new[] { $"{runId}-ended", $"{runId}-kept" })
        {
            await server.Recommender.ClickAsync(new ClickEvent { SessionId = session, Seq = 1, ItemId = item }, cancellationToken: cancellationToken);
        }

        var ended = await server.Recommender.EndSessionAsync(new EndSessionRequest { SessionId = $"{runId}-ended" }, cancellationToken: cancellationToken);
        var endedAgain = await server.Recommender.EndSessionAsync(new EndSessionRequest { SessionId = $"{runId}-ended" }, cancellationToken: cancellationToken);

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConfigurationString);
        var keys = new List<string>();
        await foreach (var key in connection.GetServer(connection.GetEndPoints()[0]).KeysAsync(pattern: $"*{runId}*"))
        {
            keys.Add(key.ToString());
        }

        Assert.True(ended.Existed);
        Assert.False(endedAgain.Existed);
        Assert.DoesNotContain(keys, k => k.Contains($"{runId}-ended", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.Contains($"{runId}-kept", StringComparison.Ordinal));
    }
}
