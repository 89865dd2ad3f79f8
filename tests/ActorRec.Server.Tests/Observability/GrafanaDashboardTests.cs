using System.Text.Json;
using ActorRec.Server.Tests.Fixtures;
using Xunit;

namespace ActorRec.Server.Tests.Observability;

/// <summary>deploy/grafana/actorrec.json queries only metrics that a serving server exposes, so it cannot drift from them unseen.</summary>
[Collection(ServerCollection.Name)]
public sealed class GrafanaDashboardTests(ServerFixture fixture)
{
    private static readonly string DashboardFile = Path.Combine(AppContext.BaseDirectory, "Observability", "actorrec.json");

    [Fact]
    public async Task Every_metric_the_grafana_dashboard_queries_is_one_the_server_exposes()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(DashboardFile, ct));
        var used = PromQl.MetricNames(dashboard.RootElement);
        await using var server = new ServerUnderTest(fixture.StoreDirectory);
        await server.WaitUntilServingAsync(ct);
        await MetricsTests.ServeTwoClicksAsync(server, fixture, ct);

        var exposed = await MetricsTests.EventuallyScrapeAsync(server.CreateHandler(), "grpc_aspnetcore_server_calls_total", ct);

        // A parser that found nothing would pass any dashboard.
        Assert.True(used.Count >= 20, $"only {used.Count} metric names found in the dashboard: {string.Join(", ", used)}");
        var missing = used.Where(name => !exposed.Contains(name)).Order().ToArray();
        Assert.True(missing.Length == 0, $"the dashboard queries metrics the server does not expose: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_query_parser_finds_metric_names_and_not_functions_labels_keywords_or_variables()
    {
        var names = PromQl.MetricNames(
            "histogram_quantile(0.99, sum by (le, http_route) (rate(a_seconds_bucket{instance=~\"$instance\",status!=\"OK\"}[$__rate_interval])))"
            + " / ignoring(code) sum without (job) (b_total offset 5m) * on (instance) group_left(model_version) c and bool d:recorded");

        Assert.Equal(["a_seconds_bucket", "b_total", "c", "d:recorded"], names.Order());
    }
}
