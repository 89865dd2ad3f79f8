using ActorRec.Grains.ClickLog;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ActorRec.Server.Tests.Serving;

/// <summary>
/// Readiness (the gRPC health service) follows what a click needs: a loaded model and a click log that takes appends,
/// which with Redis means a reachable Redis. A silo that would fail every click is taken out of rotation.
/// </summary>
/// <remarks>Servers of their own; they join the server collection to reuse the fixture's model.</remarks>
[Collection(ServerCollection.Name)]
public sealed class ReadinessTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_click_log_that_stops_taking_appends_makes_the_silo_not_ready_until_it_recovers()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var log = new FailingClickLog([]);
        await using var server = new ServerUnderTest(fixture.StoreDirectory, services: services => services.AddSingleton<IClickLog>(log));
        await server.WaitUntilServingAsync(ct);
        var health = new Health.HealthClient(server.Channel);
        await WaitForAsync(health, HealthCheckResponse.Types.ServingStatus.Serving, "a ready silo", ct);

        log.Problem = "disk full (test)";
        await WaitForAsync(health, HealthCheckResponse.Types.ServingStatus.NotServing, "not ready while the click log is faulted", ct);

        log.Problem = null;
        await WaitForAsync(health, HealthCheckResponse.Types.ServingStatus.Serving, "ready again once the click log recovered", ct);
    }

    [Fact]
    public async Task A_silo_whose_Redis_stops_answering_is_not_ready_until_it_answers_again()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        await using var server = ServerUnderTest.WithRedis(fixture.StoreDirectory, redis.ConfigurationString);
        await server.WaitUntilServingAsync(ct);
        var health = new Health.HealthClient(server.Channel);
        await WaitForAsync(health, HealthCheckResponse.Types.ServingStatus.Serving, "a ready silo with its Redis", ct);

        // Redis stops answering, as a hung or overloaded Redis would, until the silo has been seen not ready: a pause of
        // fixed length could end before a slow machine's health poll saw it.
        await redis.FreezeAsync();
        try
        {
            await WaitForAsync(health, HealthCheckResponse.Types.ServingStatus.NotServing, "not ready while Redis does not answer", ct);
        }
        finally
        {
            await redis.ThawAsync();
        }

        await WaitForAsync(health, HealthCheckResponse.Types.ServingStatus.Serving, "ready again once Redis answers", ct);
    }

    private static Task WaitForAsync(Health.HealthClient health, HealthCheckResponse.Types.ServingStatus status, string awaited, CancellationToken ct) =>
        Eventually.TrueAsync(
            async () => (await health.CheckAsync(new HealthCheckRequest(), cancellationToken: ct)).Status == status,
            awaited,
            ct);
}
