using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Core;
using Grpc.Health.V1;
using Xunit;

namespace ActorRec.Server.Tests.Security;

/// <summary>
/// A server with API keys and JWT refuses callers without valid credentials (UNAUTHENTICATED) and callers without the
/// scope a service needs (PERMISSION_DENIED), each with a message saying what to send, and serves those with both.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class AuthenticationTests(ServerFixture fixture)
{
    [Fact]
    public async Task Calls_without_valid_credentials_are_unauthenticated_and_apply_nothing()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var secured = new SecuredServer(fixture.StoreDirectory);
        await secured.WaitUntilServingAsync(ct);
        var item = Clicks.KnownItems(fixture, 1)[0];
        using var stranger = RSA.Create(2048);
        var refused = new (string Why, string? Bearer, string MessagePart)[]
        {
            ("no credentials", null, "needs credentials"),
            ("an unknown key", TestKeys.New("nobody"), "not valid"),
            ("a known id with another secret", TestKeys.New("shop"), "not valid"),
            ("garbage", "not-a-key-or-token", "refused"),
            ("an expired token", secured.Token("shop", "recommend", lifetime: TimeSpan.FromMinutes(-30)), "refused"),
            ("a token for another audience", secured.Token("shop", "recommend", audience: "someone-else"), "refused"),
            ("a token from another issuer", secured.Token("shop", "recommend", issuer: "https://elsewhere.test"), "refused"),
            ("a token signed by a stranger", secured.Token("shop", "recommend", signedBy: stranger), "refused"),
            ("a token without a tenant claim", secured.Token("", "recommend"), "refused"),
        };
        var sessionId = Clicks.NewSessionId("unauthenticated");

        foreach (var (why, bearer, messagePart) in refused)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => secured.Recommender(bearer).ClickAsync(Clicks.Click(sessionId, 1, item, 5), cancellationToken: ct).ResponseAsync);
            Assert.True(error.StatusCode == StatusCode.Unauthenticated, $"{why}: {error.Status}");
            Assert.Contains(messagePart, error.Status.Detail, StringComparison.Ordinal);

            var admin = await Assert.ThrowsAsync<RpcException>(() => secured.Admin(bearer).ListModelsAsync(new ListModelsRequest(), cancellationToken: ct).ResponseAsync);
            Assert.True(admin.StatusCode == StatusCode.Unauthenticated, $"{why} on ModelAdmin: {admin.Status}");

            using var stream = secured.Recommender(bearer).Stream(cancellationToken: ct);
            var streamed = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                await DuplexCalls.WriteAsync(stream, Clicks.Click(sessionId, 1, item, 5), ct);
                await stream.ResponseStream.MoveNext(ct);
            });
            Assert.True(streamed.StatusCode == StatusCode.Unauthenticated, $"{why} on a stream: {streamed.Status}");
        }

        // None of the refused clicks reached the session: its first click is still seq 1.
        var first = await secured.Recommender(secured.ShopKey).ClickAsync(Clicks.Click(sessionId, 1, item, 5), cancellationToken: ct);
        Assert.False(first.Duplicate, "a refused click was applied");
    }

    [Fact]
    public async Task Each_service_needs_its_scope_and_a_caller_without_it_is_permission_denied()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var secured = new SecuredServer(fixture.StoreDirectory);
        await secured.WaitUntilServingAsync(ct);
        var item = Clicks.KnownItems(fixture, 1)[0];

        var asAdmin = await Assert.ThrowsAsync<RpcException>(() => secured.Admin(secured.ShopKey).ActivateModelAsync(new ActivateModelRequest { VersionId = fixture.SecondVersionId }, cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, asAdmin.StatusCode);
        Assert.Contains("'admin'", asAdmin.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("key:shop", asAdmin.Status.Detail, StringComparison.Ordinal);

        var asRecommender = await Assert.ThrowsAsync<RpcException>(() => secured.Recommender(secured.OpsKey).ClickAsync(Clicks.Click(Clicks.NewSessionId("ops"), 1, item, 5), cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, asRecommender.StatusCode);
        Assert.Contains("'recommend'", asRecommender.Status.Detail, StringComparison.Ordinal);

        var tokenWithoutAdmin = secured.Token("shop", "recommend");
        var jwtAsAdmin = await Assert.ThrowsAsync<RpcException>(() => secured.Admin(tokenWithoutAdmin).ListModelsAsync(new ListModelsRequest(), cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, jwtAsAdmin.StatusCode);

        // With the scope: served, by key and by token (a token may carry several scopes, space-separated).
        Assert.NotEmpty((await secured.Admin(secured.OpsKey).ListModelsAsync(new ListModelsRequest(), cancellationToken: ct)).Models);
        Assert.NotEmpty((await secured.Admin(secured.Token("ops", "recommend admin")).ListModelsAsync(new ListModelsRequest(), cancellationToken: ct)).Models);
        var clicked = await secured.Recommender(tokenWithoutAdmin).ClickAsync(Clicks.Click(Clicks.NewSessionId("jwt"), 1, item, 5), cancellationToken: ct);
        Assert.Equal(5, clicked.Items.Count);

        // The activation refused above changed nothing.
        Assert.Equal(fixture.VersionId, (await secured.Admin(secured.OpsKey).GetActiveModelAsync(new GetActiveModelRequest(), cancellationToken: ct)).VersionId);
    }

    [Fact]
    public async Task Health_needs_no_credentials_metrics_needs_the_metrics_scope_and_reflection_is_off()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var secured = new SecuredServer(fixture.StoreDirectory);
        await secured.WaitUntilServingAsync(ct);

        // Probes carry no credentials.
        var health = await new Health.HealthClient(secured.Channel(null)).CheckAsync(new HealthCheckRequest(), cancellationToken: ct);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        using var http = secured.Server.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/metrics", UriKind.Relative), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Scrape(http, secured.ShopKey, ct)).StatusCode);
        var scraped = await Scrape(http, secured.OpsKey, ct);
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("actorrec_", await scraped.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        // Reflection would list every method to a stranger; with credentials configured it is not served unless enabled.
        var reflection = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(secured.Channel(secured.ShopKey));
        using var call = reflection.ServerReflectionInfo(cancellationToken: ct);
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await DuplexCalls.WriteAsync(call, new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" }, ct);
            await call.ResponseStream.MoveNext(ct);
        });
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    private static Task<HttpResponseMessage> Scrape(HttpClient http, string key, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http.SendAsync(request, ct);
    }
}
