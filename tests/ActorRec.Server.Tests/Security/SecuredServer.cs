using System.Diagnostics;
using System.Security.Claims;
using System.Security.Cryptography;
using ActorRec.Api.Security;
using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ActorRec.Server.Tests.Security;

/// <summary>
/// A server of a test's own that authenticates: a key file with keys of two tenants and of an operator, and JWT signed
/// by an RSA key of the test's (the server trusts its public key from a PEM file), on the shared fixture's model store.
/// </summary>
internal sealed class SecuredServer : IAsyncDisposable
{
    public const string Issuer = "https://issuer.test";

    public const string Audience = "actorrec";

    private readonly string _folder = Directory.CreateTempSubdirectory("actorrec-security-").FullName;
    private readonly RSA _signingKey = RSA.Create(2048);
    private readonly List<GrpcChannel> _channels = [];

    public SecuredServer(string modelStore, IReadOnlyDictionary<string, string>? settings = null)
    {
        KeysFile = Path.Combine(_folder, "keys.json");
        TestKeys.WriteFile(KeysFile, [
            TestKeys.Entry("shop", ShopKey, "shop", Scopes.Recommend),
            TestKeys.Entry("rival", RivalKey, "rival", Scopes.Recommend),
            TestKeys.Entry("ops", OpsKey, "ops", Scopes.Admin, Scopes.Metrics),
        ]);
        var publicKey = Path.Combine(_folder, "issuer.pem");
        File.WriteAllText(publicKey, _signingKey.ExportSubjectPublicKeyInfoPem());
        var all = new Dictionary<string, string>
        {
            ["Security:ApiKeysFile"] = KeysFile,
            ["Security:Jwt:PublicKeyFile"] = publicKey,
            ["Security:Jwt:Issuer"] = Issuer,
            ["Security:Jwt:Audience"] = Audience,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        Server = new ServerUnderTest(modelStore, all);
    }

    public ServerUnderTest Server { get; }

    public string KeysFile { get; }

    /// <summary>Tenant "shop", scope recommend.</summary>
    public string ShopKey { get; } = TestKeys.New("shop");

    /// <summary>Tenant "rival", scope recommend.</summary>
    public string RivalKey { get; } = TestKeys.New("rival");

    /// <summary>Tenant "ops", scopes admin and metrics.</summary>
    public string OpsKey { get; } = TestKeys.New("ops");

    /// <summary>A channel that sends <paramref name="bearer"/> (none: no credentials).</summary>
    public GrpcChannel Channel(string? bearer)
    {
        var handler = bearer is null ? Server.CreateHandler() : new BearerHandler(bearer, Server.CreateHandler());
        var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler });
        _channels.Add(channel);
        return channel;
    }

    public Recommender.RecommenderClient Recommender(string? bearer) => new(Channel(bearer));

    public ModelAdmin.ModelAdminClient Admin(string? bearer) => new(Channel(bearer));

    /// <summary>A JWT as an identity provider would mint it; every part can be spoiled for the refusal tests.</summary>
    public string Token(string subject, string scope, string audience = Audience, TimeSpan? lifetime = null, RSA? signedBy = null, string issuer = Issuer)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(5));
        var claims = new List<Claim> { new("scope", scope) };
        if (subject.Length > 0)
        {
            claims.Add(new Claim("sub", subject));
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = expires < now ? expires.AddMinutes(-10) : now.AddMinutes(-1),
            IssuedAt = expires < now ? expires.AddMinutes(-10) : now.AddMinutes(-1),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signedBy ?? _signingKey), SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>Waits until the server answers the shop's query with a model, which it cannot before it has loaded one.</summary>
    public async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        var recommender = Recommender(ShopKey);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await recommender.GetRecommendationsAsync(new GetRecommendationsRequest { SessionId = $"probe-{Guid.NewGuid():N}", K = 1 }, cancellationToken: cancellationToken);
                return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.Unavailable && clock.Elapsed < Eventually.Timeout)
            {
                // No model loaded yet; a poll interval, not a synchronisation: checked again until the deadline.
                await Task.Delay(20, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await Server.DisposeAsync();
        _signingKey.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
