using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ActorRec.Client;
using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace ActorRec.Server.Tests.Client;

/// <summary>The client's credential and certificate authority options, over a real TLS handshake with Kestrel.</summary>
public sealed class ClientCredentialTests
{
    private const string Credential = "ar_tls-test_c2VjcmV0LW5vdC10by1iZS1wcmludGVkLWFueXdoZXJl";

    [Fact]
    public async Task A_certificate_from_the_trusted_authority_is_accepted_and_every_call_carries_the_credential()
    {
        using var authority = TlsTestServer.NewAuthority("ActorRec test authority");
        using var certificate = TlsTestServer.Issue(authority, "localhost");
        await using var server = await TlsTestServer.StartAsync(certificate);

        var status = await CallAsync(server, new ActorRecClientOptions { Credential = Credential, CertificateAuthority = authority });

        // The server maps no gRPC method: UNIMPLEMENTED means the call got through the handshake.
        Assert.Equal(StatusCode.Unimplemented, status.StatusCode);
        Assert.Equal("Bearer " + Credential, server.LastAuthorization);
    }

    [Fact]
    public async Task A_certificate_from_another_authority_is_refused()
    {
        using var trusted = TlsTestServer.NewAuthority("trusted authority");
        using var other = TlsTestServer.NewAuthority("other authority");

        await AssertRefusedAsync(issuer: other, hostName: "localhost", trusted);
    }

    [Fact]
    public async Task A_certificate_for_another_host_name_is_refused_even_from_the_trusted_authority()
    {
        using var authority = TlsTestServer.NewAuthority("ActorRec test authority");

        await AssertRefusedAsync(issuer: authority, hostName: "recs.example.com", authority);
    }

    [Fact]
    public async Task Without_the_authority_a_private_certificate_is_refused()
    {
        using var authority = TlsTestServer.NewAuthority("ActorRec test authority");

        await AssertRefusedAsync(issuer: authority, hostName: "localhost", trusted: null);
    }

    [Theory]
    [InlineData("http://recs.example.com:5000")]
    [InlineData("http://10.0.0.7:5000")]
    public void A_credential_for_plain_http_beyond_loopback_is_refused_without_being_named(string address)
    {
        var refused = Assert.Throws<ArgumentException>(() => ActorRecClient.Create([new Uri(address)], new ActorRecClientOptions { Credential = Credential }));

        Assert.Contains("plain http", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Credential, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_on_ready_made_channels_are_refused_rather_than_ignored()
    {
        using var channel = GrpcChannel.ForAddress("http://127.0.0.1:5000");

        Assert.Throws<ArgumentException>(() => new ActorRecClient([channel], new ActorRecClientOptions { Credential = Credential }));
    }

    [Fact]
    public void An_authority_for_a_plain_http_address_is_refused()
    {
        using var authority = TlsTestServer.NewAuthority("ActorRec test authority");

        Assert.Throws<ArgumentException>(() => ActorRecClient.CreateChannel(new Uri("http://127.0.0.1:5000"), new ActorRecClientOptions { CertificateAuthority = authority }));
    }

    /// <summary>
    /// A call to localhost with a certificate for <paramref name="hostName"/> from <paramref name="issuer"/> fails in the
    /// TLS handshake (grpc-dotnet reports it as INTERNAL) and never reaches the server, credential and all.
    /// </summary>
    private static async Task AssertRefusedAsync(X509Certificate2 issuer, string hostName, X509Certificate2? trusted)
    {
        using var certificate = TlsTestServer.Issue(issuer, hostName);
        await using var server = await TlsTestServer.StartAsync(certificate);

        var failure = await CallAsync(server, new ActorRecClientOptions { Credential = Credential, CertificateAuthority = trusted });

        Assert.Null(server.LastAuthorization);
        var causes = new List<Exception>();
        for (var e = failure.Status.DebugException; e is not null; e = e.InnerException)
        {
            causes.Add(e);
        }

        Assert.True(causes.OfType<AuthenticationException>().Any(), $"the call failed otherwise than in the handshake: {failure}");
    }

    private static async Task<RpcException> CallAsync(TlsTestServer server, ActorRecClientOptions options)
    {
        using var channel = ActorRecClient.CreateChannel(new Uri($"https://localhost:{server.Port}"), options);
        var recommender = new Recommender.RecommenderClient(channel);
        return await Assert.ThrowsAsync<RpcException>(() => recommender.GetRecommendationsAsync(
            new GetRecommendationsRequest { SessionId = "tls", K = 1 },
            deadline: DateTime.UtcNow.Add(Eventually.Timeout),
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
    }
}
