using System.Net;
using ActorRec.Api;
using ActorRec.Api.Page;
using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace ActorRec.Server.Tests.Page;

/// <summary>Who gets the page, with which headers, and that its transport is refused where the API would be at risk.</summary>
[Collection(ServerCollection.Name)]
public sealed class PageHostingTests(ServerFixture fixture)
{
    [Fact]
    public async Task The_page_is_served_with_its_content_types_and_policy_and_only_its_own_files()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var server = new ServerUnderTest(fixture.StoreDirectory);
        using var http = server.CreateHttpClient();

        using var index = await http.GetAsync(new Uri("/", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PageAssets.ContentSecurityPolicy, Assert.Single(index.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(index.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("page/app.js", await index.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        foreach (var (file, type) in new[] { ("app.js", "text/javascript"), ("codec.js", "text/javascript"), ("app.css", "text/css"), ("api.json", "application/json") })
        {
            using var response = await http.GetAsync(new Uri($"/page/{file}", UriKind.Relative), ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/page/{file}: HTTP {(int)response.StatusCode}");
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }

        // The contract the page encodes with is the compiled one.
        var contract = await http.GetStringAsync(new Uri("/page/api.json", UriKind.Relative), ct);
        Assert.Contains("\"actorrec.v1.SearchItemsRequest\"", contract, StringComparison.Ordinal);

        // Unchanged files answer 304 to a revalidation; anything not of the page is not found.
        using var script = await http.GetAsync(new Uri("/page/app.js", UriKind.Relative), ct);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/page/app.js");
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again, ct)).StatusCode);
        foreach (var path in new[] { "/page/../appsettings.json", "/page/ActorRec.Api.dll", "/page/missing.js" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: HTTP {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Calls_from_the_page_get_the_api_s_statuses_and_a_foreign_host_name_is_refused_without_credentials()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var server = new ServerUnderTest(fixture.StoreDirectory);
        await server.WaitUntilServingAsync(ct);
        using var http = server.CreateHttpClient();
        var search = new SearchItemsRequest { Limit = 3 };

        using (var served = await http.SendAsync(GrpcWebRequests.Unary("/actorrec.v1.Catalog/SearchItems", search), ct))
        {
            Assert.Equal((int)StatusCode.OK, await GrpcWebRequests.StatusAsync(served));
        }

        // The API's own validation and status mapping answer the page as they answer gRPC.
        using (var invalid = await http.SendAsync(GrpcWebRequests.Unary("/actorrec.v1.Catalog/SearchItems", new SearchItemsRequest { Offset = -1 }), ct))
        {
            Assert.Equal((int)StatusCode.InvalidArgument, await GrpcWebRequests.StatusAsync(invalid));
        }

        // A web site whose host name was pointed at 127.0.0.1 (DNS rebinding) calls as its own origin, naming itself.
        using var rebound = await http.SendAsync(GrpcWebRequests.Unary("/actorrec.v1.ModelAdmin/ActivateModel", new ActivateModelRequest { VersionId = fixture.SecondVersionId }, host: "rebound.example"), ct);
        Assert.Equal((int)StatusCode.PermissionDenied, await GrpcWebRequests.StatusAsync(rebound));
        Assert.Equal(fixture.VersionId, (await server.Admin.GetActiveModelAsync(new GetActiveModelRequest(), cancellationToken: ct)).VersionId);
    }

    [Fact]
    public async Task Calls_from_the_page_share_the_caller_s_rate_limit_with_its_grpc_calls()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var server = new ServerUnderTest(fixture.StoreDirectory, new Dictionary<string, string> { ["Limits:RequestsPerSecond"] = "1", ["Limits:Burst"] = "3" });
        using var http = server.CreateHttpClient();

        // A burst of three permits refilled at one a second: within a hundred calls the page's transport, and its files,
        // meet the limiter as gRPC calls do (unless each call took over a second).
        Assert.True(
            await RefusedWithinAsync(async () =>
            {
                using var response = await http.SendAsync(GrpcWebRequests.Unary("/actorrec.v1.Catalog/SearchItems", new SearchItemsRequest { Limit = 1 }), ct);
                return await GrpcWebRequests.StatusAsync(response) == (int)StatusCode.ResourceExhausted;
            }),
            "gRPC-Web calls were never refused RESOURCE_EXHAUSTED over Limits:RequestsPerSecond=1");
        Assert.True(
            await RefusedWithinAsync(async () =>
            {
                using var response = await http.GetAsync(new Uri("/page/app.js", UriKind.Relative), ct);
                return response.StatusCode == HttpStatusCode.TooManyRequests;
            }),
            "the page's files were never refused 429 over Limits:RequestsPerSecond=1");
    }

    [Fact]
    public async Task Page_Enabled_false_serves_neither_the_page_nor_grpc_web()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var server = new ServerUnderTest(fixture.StoreDirectory, new Dictionary<string, string> { ["Page:Enabled"] = "false" });
        using var http = server.CreateHttpClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/", UriKind.Relative), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/page/app.js", UriKind.Relative), ct)).StatusCode);
        using var call = await http.SendAsync(GrpcWebRequests.Unary("/actorrec.v1.Catalog/SearchItems", new SearchItemsRequest()), ct);
        Assert.NotEqual((int)StatusCode.OK, await GrpcWebRequests.StatusAsync(call));
    }

    [Theory]
    [InlineData(null, "http://localhost:5000", true, true, "loopback only")]
    [InlineData(null, "http://127.0.0.1:5000", true, true, "loopback only")]
    [InlineData(null, "http://0.0.0.0:5000", true, false, "Page:Enabled=true")]
    [InlineData(null, "http://shop.example:5000", true, false, "beyond loopback")]
    [InlineData(true, "http://0.0.0.0:5000", true, true, "Page:Enabled=true")]
    [InlineData(false, "http://localhost:5000", true, false, "Page:Enabled=false")]
    [InlineData(true, "http://localhost:5000", false, false, "Serving:PublicApi=false")]
    public void On_by_default_on_loopback_only_and_off_elsewhere_unless_enabled(bool? enabled, string url, bool publicApi, bool served, string reason)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = url,
            ["Kestrel:Endpoints:Metrics:Url"] = "http://localhost:9464",
        }).Build();

        var decision = PageDecision.Make(new PageOptions { Enabled = enabled }, new ServingOptions { PublicApi = publicApi }, configuration);

        Assert.Equal(served, decision.Enabled);
        Assert.Contains(reason, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_poll_interval_out_of_range_stops_the_start_naming_the_setting()
    {
        // The built server as a process: a setting out of range is a configuration answer, the message and exit code 2.
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var server = new ServerProcess(new Dictionary<string, string>
        {
            ["ModelStore:Directory"] = fixture.StoreDirectory,
            ["Page:PollInterval"] = "00:00:00.010",
        });

        await Eventually.Within(server.WaitForExitAsync(ct), "the server to exit");

        var output = server.Output();
        Assert.True(server.ExitCode == 2, $"exit code {server.ExitCode}, 2 for a configuration answer:\n{output}");
        Assert.Contains("PollInterval", output, StringComparison.Ordinal);
    }

    private static async Task<bool> RefusedWithinAsync(Func<Task<bool>> refused)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await refused())
            {
                return true;
            }
        }

        return false;
    }
}
