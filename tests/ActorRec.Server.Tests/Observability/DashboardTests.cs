using System.Net;
using System.Net.Http.Headers;
using ActorRec.Server.Tests.Fixtures;
using ActorRec.Server.Tests.Security;
using Xunit;

namespace ActorRec.Server.Tests.Observability;

/// <summary>The Orleans dashboard is served only when asked for, and then only to the admin scope once credentials are configured.</summary>
[Collection(ServerCollection.Name)]
public sealed class DashboardTests(ServerFixture fixture)
{
    [Fact]
    public async Task The_dashboard_is_off_by_default()
    {
        fixture.RequireServer();
        using var http = new HttpClient(fixture.CreateHandler(), disposeHandler: false) { BaseAddress = new Uri("http://localhost") };

        var response = await http.GetAsync(new Uri("/dashboard", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task Enabled_with_credentials_the_dashboard_is_refused_without_the_admin_scope_and_served_with_it()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var secured = new SecuredServer(fixture.StoreDirectory, new Dictionary<string, string> { ["Telemetry:Dashboard"] = "true" });
        await secured.WaitUntilServingAsync(ct);
        using var http = secured.Server.CreateHttpClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(http, "/dashboard/", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(http, "/dashboard/", secured.ShopKey, ct)).StatusCode);
        var page = await GetAsync(http, "/dashboard/", secured.OpsKey, ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans", await page.Content.ReadAsStringAsync(ct), StringComparison.OrdinalIgnoreCase);

        // Its data API too, not only the page.
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(http, "/dashboard/DashboardCounters", secured.ShopKey, ct)).StatusCode);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string? bearer, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return http.SendAsync(request, ct);
    }
}
