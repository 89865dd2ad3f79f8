using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorRec.Api;
using ActorRec.Grains.ClickLog;
using ActorRec.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Xunit;

namespace ActorRec.Server.Tests.Security;

/// <summary>
/// Redis with a password, with an ACL user (the default user off) and with TLS only: silos and gateways connect with
/// the credentials of the configuration string, verify the server's certificate against the configured CA, and never
/// log the password; and the Orleans client gateway, which has no authentication, stays closed unless enabled.
/// </summary>
/// <remarks>Joins the server collection only to reuse its model store; every Redis, silo and gateway is the test's own.</remarks>
[Collection(ServerCollection.Name)]
public sealed class RedisSecurityTests(ServerFixture fixture)
{
    /// <summary>Long and unusual, so that finding it in a log cannot be a coincidence.</summary>
    private const string Password = "pw-7f1c9a0e-never-logged";

    private const string User = "actorrec";
    private const int ClickCount = 4;
    private const int K = 5;

    /// <summary>An ACL user with every right, and the default user, which needs no password, switched off.</summary>
    private static readonly string[] AclUser = ["--user", "default", "off", "--user", User, "on", $">{Password}", "~*", "&*", "+@all"];

    /// <summary>Everything the silo logs, Orleans' start-up dump of its options included.</summary>
    private static readonly Dictionary<string, string> Verbose = new()
    {
        ["Logging:LogLevel:Default"] = "Debug",
        ["Logging:LogLevel:Orleans"] = "Debug",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
    };

    [Fact]
    public async Task A_silo_on_a_Redis_that_requires_a_password_clusters_stores_sessions_and_logs_clicks_without_logging_the_password()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(["--requirepass", Password], tls: false, ct);

        await ServesThroughAsync($"{redis.ConfigurationString},password={Password}", caCertificate: null, throughGateway: false, ct);
    }

    [Fact]
    public async Task A_silo_on_a_Redis_with_an_ACL_user_and_the_default_user_off_clusters_stores_sessions_and_logs_clicks()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(AclUser, tls: false, ct);

        // Without credentials the default user is refused: the silo's success below is the ACL user's.
        Assert.StartsWith("-NOAUTH", await AnonymousReplyAsync(redis.Port, "SET probe 1", ct), StringComparison.Ordinal);

        await ServesThroughAsync($"{redis.ConfigurationString},user={User},password={Password}", caCertificate: null, throughGateway: false, ct);
    }

    [Fact]
    public async Task A_silo_and_a_gateway_reach_a_TLS_only_Redis_as_an_ACL_user_verifying_its_certificate_against_the_configured_CA()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        using var authority = TestCertificateAuthority.Create("ActorRec test CA");
        await using var redis = await RedisServer.StartAsync([.. authority.RedisTlsSettings, .. AclUser], tls: true, ct);

        await ServesThroughAsync($"{redis.ConfigurationString},user={User},password={Password},ssl=true", authority.CaCertificate, throughGateway: true, ct);
    }

    [Fact]
    public async Task A_wrong_password_stops_the_silo_at_start_with_an_authentication_error_that_shows_neither_password()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(["--requirepass", Password], tls: false, ct);
        const string wrong = "pw-wrong-3b8e51d2";
        var logs = new CapturedLogs();

        var error = Assert.ThrowsAny<Exception>(() => StartSilo($"{redis.ConfigurationString},password={wrong}", caCertificate: null, logs));

        var text = error.ToString();
        Assert.True(
            text.Contains("WRONGPASS", StringComparison.Ordinal) || text.Contains("authentication", StringComparison.OrdinalIgnoreCase),
            $"The start failed without saying that Redis refused the credentials:\n{text}");
        AssertNeverShown(wrong, [text, .. logs.Lines]);
        AssertNeverShown(Password, [text, .. logs.Lines]);
    }

    [Fact]
    public async Task A_TLS_Redis_whose_certificate_another_CA_signed_is_refused()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        using var trusted = TestCertificateAuthority.Create("ActorRec trusted CA");
        using var other = TestCertificateAuthority.Create("Some other CA");
        await using var redis = await RedisServer.StartAsync([.. other.RedisTlsSettings, "--requirepass", Password], tls: true, ct);
        var configuration = $"{redis.ConfigurationString},password={Password},ssl=true";

        // Control: the server itself is fine, for a client that trusts the CA which signed its certificate.
        await using (var control = await ConnectionMultiplexer.ConnectAsync(RedisConnection.Create(configuration, other.CaCertificate)))
        {
            await control.GetDatabase().PingAsync();
        }

        var error = Assert.ThrowsAny<Exception>(() => StartSilo(configuration, trusted.CaCertificate, new CapturedLogs()));

        var text = error.ToString();
        Assert.True(text.Contains("certificate", StringComparison.OrdinalIgnoreCase), $"The start failed without naming the certificate:\n{text}");
        AssertNeverShown(Password, [text]);
    }

    [Fact]
    public void A_CA_certificate_for_a_connection_without_TLS_or_that_does_not_exist_is_refused_before_any_connection()
    {
        var withoutTls = Assert.Throws<InvalidOperationException>(() => RedisConnection.Create($"127.0.0.1:1,password={Password}", "ca.pem"));
        Assert.Contains("ssl=true", withoutTls.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, withoutTls.Message, StringComparison.Ordinal);

        var missing = Path.Combine(Path.GetTempPath(), $"actorrec-no-such-ca-{Guid.NewGuid():N}.pem");
        var notFound = Assert.Throws<FileNotFoundException>(() => RedisConnection.Create($"127.0.0.1:1,password={Password},ssl=true", missing));
        Assert.Contains(RedisConnection.CaCertificateSetting, notFound.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, notFound.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Orleans_client_gateway_stays_closed_unless_enabled()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        var closedPort = RedisServer.FreePort();
        var openPort = RedisServer.FreePort();
        await using var closed = ServerUnderTest.WithRedis(fixture.StoreDirectory, redis.ConfigurationString, new Dictionary<string, string>
        {
            ["Cluster:GatewayPort"] = closedPort.ToString(CultureInfo.InvariantCulture),
        });
        await using var open = ServerUnderTest.WithRedis(fixture.StoreDirectory, redis.ConfigurationString, new Dictionary<string, string>
        {
            ["Cluster:GatewayPort"] = openPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster:ClientGateway"] = "true",
        });
        await closed.WaitUntilClusteredAsync(2, "closed", ct);
        await open.WaitUntilClusteredAsync(2, "open", ct);

        // What clients are told: the membership table offers only the enabled silo as a gateway.
        var hosts = await closed.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetDetailedHosts(true, ct);
        Assert.Equal([0, openPort], hosts.Select(h => h.ProxyPort).Order());

        // What listens: nothing on the closed silo's configured gateway port.
        Assert.False(await AcceptsAsync(closedPort, ct), $"The silo without Cluster:ClientGateway accepts connections on its gateway port {closedPort}.");
        Assert.True(await AcceptsAsync(openPort, ct), $"The silo with Cluster:ClientGateway=true does not listen on its gateway port {openPort}.");
    }

    /// <summary>
    /// A silo (and, <paramref name="throughGateway"/>, a gateway in front of it) on <paramref name="configuration"/>: it
    /// joins the membership table, answers clicks, and Redis then holds the session and the logged clicks; nothing the
    /// silo logged shows the password.
    /// </summary>
    private async Task ServesThroughAsync(string configuration, string? caCertificate, bool throughGateway, CancellationToken ct)
    {
        var logs = new CapturedLogs();
        await using var silo = StartSilo(configuration, caCertificate, logs, clientGateway: throughGateway);
        await silo.WaitUntilClusteredAsync(1, "silo", ct);
        await silo.WaitUntilServingAsync(ct);
        await using var gateway = throughGateway ? new GatewayUnderTest(configuration, CaSetting(caCertificate)) : null;
        if (gateway is not null)
        {
            await gateway.WaitUntilReadyAsync(ct);
        }

        var recommender = gateway?.Recommender ?? silo.Recommender;
        var items = Clicks.KnownItems(fixture, ClickCount);
        var sessionId = Clicks.NewSessionId("redis-security");
        for (var i = 0; i < items.Length; i++)
        {
            var answer = await recommender.ClickAsync(Clicks.Click(sessionId, i + 1, items[i], K), cancellationToken: ct);
            Assert.True(answer.Error is null, $"seq {i + 1}: {answer.Error?.Message}");
            Assert.Equal(i + 1, answer.Seq);
            Assert.False(answer.Duplicate);
        }

        await using var connection = await ConnectionMultiplexer.ConnectAsync(RedisConnection.Create(configuration, caCertificate));
        var keys = new List<string>();
        await foreach (var key in connection.GetServer(connection.GetEndPoints()[0]).KeysAsync(pattern: $"*{sessionId}*"))
        {
            keys.Add(key.ToString());
        }

        Assert.True(keys.Count == 1, $"Redis holds {keys.Count} keys for session {sessionId}: {string.Join(", ", keys)}");
        var database = connection.GetDatabase();
        await Eventually.TrueAsync(
            async () => (await database.StreamRangeAsync(new ClickLogOptions().StreamKey)).Count(e => e["session_id"] == sessionId) == ClickCount,
            $"the {ClickCount} clicks of {sessionId} in the Redis click log",
            ct);
        AssertNeverShown(Password, logs.Lines);
    }

    private ServerUnderTest StartSilo(string configuration, string? caCertificate, CapturedLogs logs, bool clientGateway = false)
    {
        var settings = new Dictionary<string, string>(Verbose)
        {
            ["Cluster:Redis"] = configuration,
            ["Cluster:ClientGateway"] = clientGateway ? "true" : "false",
        };
        foreach (var (key, value) in CaSetting(caCertificate))
        {
            settings[key] = value;
        }

        return new ServerUnderTest(fixture.StoreDirectory, settings, services => services.AddSingleton<ILoggerProvider>(logs));
    }

    private static Dictionary<string, string> CaSetting(string? caCertificate) =>
        caCertificate is null ? [] : new() { [RedisConnection.CaCertificateSetting] = caCertificate };

    private static void AssertNeverShown(string secret, IReadOnlyList<string> lines)
    {
        Assert.NotEmpty(lines);
        var shown = lines.FirstOrDefault(line => line.Contains(secret, StringComparison.Ordinal));
        Assert.True(shown is null, $"A password was shown: {shown}");
    }

    /// <summary>The first line Redis answers to <paramref name="command"/> on a connection that has not authenticated.</summary>
    private static async Task<string> AnonymousReplyAsync(int port, string command, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, ct);
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), ct);
        return await reader.ReadLineAsync(ct) ?? "";
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
