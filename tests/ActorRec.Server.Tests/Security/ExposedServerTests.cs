using System.Globalization;
using System.Security.Authentication;
using ActorRec.Api.Security;
using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace ActorRec.Server.Tests.Security;

/// <summary>
/// The built server as a process, as a user runs it: open to the network only with credentials, and then over TLS with
/// a certificate the client verifies against its private CA.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ExposedServerTests(ServerFixture fixture)
{
    private const int K = 5;

    [Fact]
    public async Task Listening_beyond_loopback_without_credentials_refuses_to_start_naming_the_settings()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var server = new ServerProcess(new Dictionary<string, string>
        {
            ["ModelStore:Directory"] = fixture.StoreDirectory,
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://0.0.0.0:{Port()}",
            ["Kestrel:Endpoints:Metrics:Url"] = $"http://127.0.0.1:{Port()}",
        });

        await Eventually.Within(server.WaitForExitAsync(ct), "the server to exit");

        Assert.Equal(2, server.ExitCode);
        var output = server.Output();
        Assert.Contains("Security:AllowAnonymous", output, StringComparison.Ordinal);
        Assert.Contains("Security:ApiKeysFile", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_keys_it_serves_every_address_over_tls_that_the_client_verifies_and_two_streams_fill_a_connection()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        using var certificates = TestCertificateAuthority.Create("actorrec test CA");
        using var stranger = TestCertificateAuthority.Create("stranger CA");
        var folder = Directory.CreateTempSubdirectory("actorrec-tls-").FullName;
        try
        {
            var key = TestKeys.New("shop");
            var keys = Path.Combine(folder, "keys.json");
            TestKeys.WriteFile(keys, [TestKeys.Entry("shop", key, "shop", Scopes.Recommend)]);
            var port = Port();
            await using var server = new ServerProcess(new Dictionary<string, string>
            {
                ["ModelStore:Directory"] = fixture.StoreDirectory,
                ["Kestrel:Endpoints:Grpc:Url"] = $"https://0.0.0.0:{port}",
                ["Kestrel:Endpoints:Grpc:Certificate:Path"] = certificates.ServerCertificate,
                ["Kestrel:Endpoints:Grpc:Certificate:KeyPath"] = certificates.ServerKey,
                ["Kestrel:Endpoints:Metrics:Url"] = $"http://127.0.0.1:{Port()}",
                ["Security:ApiKeysFile"] = keys,
                ["Limits:MaxStreamsPerConnection"] = "2",
            });
            var address = new Uri($"https://127.0.0.1:{port}");
            using var verified = Channel(address, key, TrustingHandler.For(certificates.CaCertificate));
            var client = new Recommender.RecommenderClient(verified);
            await WaitUntilServingAsync(server, client, ct);
            var item = Clicks.KnownItems(fixture, 1)[0];

            var answer = await client.ClickAsync(Clicks.Click(Clicks.NewSessionId("tls"), 1, item, K), cancellationToken: ct);
            Assert.Equal(K, answer.Items.Count);

            // A client that trusts only the system's authorities, or another private one, refuses the server.
            foreach (var handler in new[] { new SocketsHttpHandler(), TrustingHandler.For(stranger.CaCertificate) })
            {
                using var unverified = Channel(address, key, handler);
                var refused = await Assert.ThrowsAsync<RpcException>(() => new Recommender.RecommenderClient(unverified).ClickAsync(Clicks.Click(Clicks.NewSessionId("tls"), 1, item, K), cancellationToken: ct).ResponseAsync);

                // The client's own TLS check fails the call (grpc-dotnet reports it as INTERNAL, with the cause attached).
                Assert.True(Causes(refused.Status.DebugException).Any(e => e is AuthenticationException), $"refused for another reason: {refused.Status}");
            }

            // Two streams fill one connection (HTTP/2's own limit): a client that keeps to one connection waits for a
            // place, and its third stream is served once one of the two closes.
            var single = TrustingHandler.For(certificates.CaCertificate);
            single.EnableMultipleHttp2Connections = false;
            using var oneConnection = Channel(address, key, single);
            var limited = new Recommender.RecommenderClient(oneConnection);
            using var first = await OpenStreams.OpenAsync(limited, item, ct);
            using var second = await OpenStreams.OpenAsync(limited, item, ct);
            var third = OpenStreams.OpenAsync(limited, item, ct);
            await second.RequestStream.WriteAsync(Clicks.Click(Clicks.NewSessionId("streams"), 1, item, K), ct);
            Assert.True(await second.ResponseStream.MoveNext(ct));
            Assert.False(third.IsCompleted, "a third stream was served on a connection limited to two");
            await first.RequestStream.CompleteAsync();
            Assert.False(await first.ResponseStream.MoveNext(ct));
            using var served = await Eventually.Within(third, "the third stream to be served once the first closed");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IEnumerable<Exception> Causes(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static string Port() => RedisServer.FreePort().ToString(CultureInfo.InvariantCulture);

    private static GrpcChannel Channel(Uri address, string key, HttpMessageHandler handler) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = new BearerHandler(key, handler) });

    private static async Task WaitUntilServingAsync(ServerProcess server, Recommender.RecommenderClient client, CancellationToken ct) =>
        await Eventually.TrueAsync(
            async () =>
            {
                Assert.False(server.HasExited, $"the server exited:\n{server.Output()}");
                try
                {
                    await client.GetRecommendationsAsync(new GetRecommendationsRequest { SessionId = Clicks.NewSessionId("probe"), K = 1 }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct);
                    return true;
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.Unavailable or StatusCode.DeadlineExceeded)
                {
                    return false;
                }
            },
            "the server to serve over TLS",
            ct);
}
