using ActorRec.Server.Tests.Fixtures;
using StackExchange.Redis;
using Xunit;

namespace ActorRec.Server.Tests.Cluster;

/// <summary>Session state in Redis expires a configured time after the session's last click; the model registry never does.</summary>
/// <remarks>Joins the server collection only to reuse the model store its fixture trained.</remarks>
[Collection(ServerCollection.Name)]
public sealed class RedisSessionExpiryTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_session_key_carries_the_state_expiry_and_every_click_sets_it_again_while_the_registry_key_never_expires()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        await using var server = ServerUnderTest.WithRedis(fixture.StoreDirectory, redis.ConfigurationString);
        await server.WaitUntilServingAsync(ct);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConfigurationString);
        var database = connection.GetDatabase();
        var session = $"expiry-{Guid.NewGuid():N}";
        var items = fixture.Data.Test.SessionItems(0).ToArray().Select(i => fixture.Data.Vocabulary[i]).ToArray();

        await server.Recommender.ClickAsync(Clicks.Click(session, 1, items[0], 5), cancellationToken: ct);
        var keys = await KeysAsync(connection);
        var sessionKey = keys.Single(k => k.Contains(session, StringComparison.Ordinal));
        var registryKey = keys.Single(k => k.Contains("registry", StringComparison.Ordinal));
        var before = await database.KeyTimeToLiveAsync(sessionKey);

        // The default expiry is one day; time only runs down, so a longer time to live after the next click means it was set again.
        Assert.NotNull(before);
        Assert.InRange(before.Value, TimeSpan.FromHours(23), TimeSpan.FromDays(1));
        await server.Recommender.ClickAsync(Clicks.Click(session, 2, items[1], 5), cancellationToken: ct);
        var after = await database.KeyTimeToLiveAsync(sessionKey);
        Assert.True(after > before, $"time to live went from {before} to {after} over a click");
        Assert.Null(await database.KeyTimeToLiveAsync(registryKey));
    }

    private static async Task<List<string>> KeysAsync(IConnectionMultiplexer connection)
    {
        var keys = new List<string>();
        await foreach (var key in connection.GetServer(connection.GetEndPoints()[0]).KeysAsync(pattern: "*"))
        {
            keys.Add(key.ToString());
        }

        return keys;
    }
}
