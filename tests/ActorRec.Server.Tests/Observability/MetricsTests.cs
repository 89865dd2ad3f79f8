using ActorRec.Server.Tests.Fixtures;
using Xunit;

namespace ActorRec.Server.Tests.Observability;

/// <summary>/metrics carries, beside ActorRec's own instruments, the meters of Orleans, ASP.NET Core, gRPC and the runtime.</summary>
/// <remarks>
/// A server of its own, scraped right after its clicks: the collection's long-lived server shares its meters' names with
/// every server the test process starts and stops, and its scrape was seen to lose gRPC's instruments after some of them.
/// </remarks>
[Collection(ServerCollection.Name)]
public sealed class MetricsTests(ServerFixture fixture)
{
    [Fact]
    public async Task The_scrape_has_orleans_aspnetcore_grpc_runtime_and_api_answer_meters_next_to_ours()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var server = new ServerUnderTest(fixture.StoreDirectory);
        await server.WaitUntilServingAsync(ct);
        await ServeTwoClicksAsync(server, fixture, ct);

        var names = await EventuallyScrapeAsync(server.CreateHandler(), "grpc_aspnetcore_server_calls_total", ct);

        foreach (var name in new[]
        {
            // Ours, as before.
            "actorrec_inference_batch_size_bucket", "actorrec_session_click_duration_seconds_bucket", "actorrec_online_hit_rate",
            "actorrec_clicklog_appends_total",

            // Orleans (messages between silos and to clients, activations), ASP.NET Core's requests, gRPC's calls, the runtime.
            "orleans_app_requests_latency_milliseconds_bucket", "http_server_request_duration_seconds_bucket", "grpc_aspnetcore_server_calls_total",
            "grpc_aspnetcore_server_calls_active", "dotnet_gc_collections_total", "actorrec_api_answers_total",
        })
        {
            Assert.Contains(name, names);
        }
    }

    /// <summary>Two clicks of one session: enough for every serving instrument, online accuracy included, to have a value.</summary>
    internal static async Task ServeTwoClicksAsync(ServerUnderTest server, ServerFixture fixture, CancellationToken ct)
    {
        var recommender = server.Recommender;
        var items = Clicks.KnownItems(fixture, 2);
        var sessionId = Clicks.NewSessionId("scraped");
        for (var seq = 1; seq <= items.Length; seq++)
        {
            await recommender.ClickAsync(Clicks.Click(sessionId, seq, items[seq - 1], 20), cancellationToken: ct);
        }
    }

    /// <summary>
    /// Scrapes until <paramref name="awaited"/> shows: gRPC's counts reach the meter when its event source next reports
    /// (every second), not with the call.
    /// </summary>
    internal static async Task<HashSet<string>> EventuallyScrapeAsync(HttpMessageHandler handler, string awaited, CancellationToken ct, Uri? baseAddress = null)
    {
        HashSet<string> names = [];
        await Eventually.TrueAsync(
            async () =>
            {
                names = Scrape.Names(await Scrape.TextAsync(handler, ct, baseAddress: baseAddress));
                return names.Contains(awaited);
            },
            $"{awaited} in the scrape",
            ct);
        return names;
    }
}
