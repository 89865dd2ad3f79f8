using ActorRec.Contracts.V1;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>
/// A Redis of the test's own and two servers clustered through it, both serving the fixture's model (pinned, whatever
/// else the shared store holds). Disposing stops both servers, then Redis.
/// </summary>
internal sealed class TwoSilos : IAsyncDisposable
{
    private TwoSilos(RedisServer redis, ServerUnderTest a, ServerUnderTest b)
    {
        Redis = redis;
        A = a;
        B = b;
    }

    public RedisServer Redis { get; }

    public ServerUnderTest A { get; }

    public ServerUnderTest B { get; }

    public static async Task<TwoSilos> StartAsync(ServerFixture fixture, CancellationToken cancellationToken)
    {
        var redis = await RedisServer.StartAsync(cancellationToken);
        var a = ServerUnderTest.WithRedis(fixture.StoreDirectory, redis.ConfigurationString);
        var b = ServerUnderTest.WithRedis(fixture.StoreDirectory, redis.ConfigurationString);
        var silos = new TwoSilos(redis, a, b);
        try
        {
            await a.WaitUntilClusteredAsync(2, "A", cancellationToken);
            await b.WaitUntilClusteredAsync(2, "B", cancellationToken);
            await a.Admin.ActivateModelAsync(new ActivateModelRequest { VersionId = fixture.VersionId }, cancellationToken: cancellationToken);
            await a.WaitUntilLoadedAsync("A", fixture.VersionId, cancellationToken);
            await b.WaitUntilLoadedAsync("B", fixture.VersionId, cancellationToken);
            return silos;
        }
        catch
        {
            await silos.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
