using System.CommandLine;
using System.Security.Authentication;
using ActorRec.Cli.Commands;
using Grpc.Core;
using Xunit;

namespace ActorRec.Cli.Tests.Commands;

/// <summary>The --api-key and --ca-cert options of the commands that call a server, and what they say when refused.</summary>
public sealed class ServerAccessTests
{
    private const string Key = "ar_shop_c2VjcmV0LW5vdC10by1iZS1wcmludGVkLWFueXdoZXJl";

    private readonly ServerAccessOptions _options = new();

    [Fact]
    public void The_key_comes_from_the_option_else_from_the_environment_variable()
    {
        Assert.True(Read(["--api-key", Key], _ => null).HasCredential);
        Assert.True(Read([], name => name == "ACTORREC_API_KEY" ? Key : null).HasCredential);
        Assert.False(Read([], _ => null).HasCredential);
        Assert.False(Read([], _ => "  ").HasCredential);
    }

    [Fact]
    public void A_key_is_refused_for_plain_http_beyond_loopback_without_being_named()
    {
        using var access = Read(["--api-key", Key], _ => null);

        var refused = Assert.Throws<ArgumentException>(() => access.Channel("http://recs.example.com:5000"));

        Assert.Contains("plain http", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, refused.Message, StringComparison.Ordinal);
        access.Channel("http://127.0.0.1:5000").Dispose();
        access.Channel("http://localhost:5000").Dispose();
        access.Channel("https://recs.example.com").Dispose();
    }

    [Fact]
    public void Without_a_key_plain_http_to_any_host_is_allowed()
    {
        using var access = Read([], _ => null);

        access.Channel("http://recs.example.com:5000").Dispose();
    }

    [Fact]
    public void Refusals_say_what_to_do_and_never_show_the_key()
    {
        using var without = Read([], _ => null);
        using var with = Read(["--api-key", Key], _ => null);

        Assert.Contains("set --api-key or ACTORREC_API_KEY", without.Guidance(StatusCode.Unauthenticated, "no credentials", "admin"), StringComparison.Ordinal);
        Assert.Contains("refused the key", with.Guidance(StatusCode.Unauthenticated, "unknown key", "admin"), StringComparison.Ordinal);
        var denied = with.Guidance(StatusCode.PermissionDenied, "needs 'admin'", "admin");
        Assert.Contains("the key lacks the admin scope", denied, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, denied, StringComparison.Ordinal);
        Assert.Null(with.Guidance(StatusCode.InvalidArgument, "bad k", "admin"));
        Assert.Null(with.Guidance(StatusCode.Unavailable, "connection refused", "admin"));
    }

    [Fact]
    public void A_refused_certificate_points_to_ca_cert()
    {
        using var access = Read([], _ => null);
        var handshake = new HttpRequestException("The SSL connection could not be established", new AuthenticationException("The remote certificate is invalid"));

        Assert.Contains("--ca-cert", access.Guidance(StatusCode.Internal, "Error starting gRPC call", "admin", handshake), StringComparison.Ordinal);
        Assert.Null(access.Guidance(StatusCode.Internal, "Error starting gRPC call", "admin", new HttpRequestException("reset")));
    }

    [Fact]
    public void A_ca_cert_that_is_not_pem_is_refused_with_the_option_named()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a certificate");

            var refused = Assert.Throws<ArgumentException>(() => Read(["--ca-cert", file], _ => null));

            Assert.StartsWith("--ca-cert", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private ServerAccess Read(string[] args, Func<string, string?> environment)
    {
        var command = new Command("call") { _options.ApiKey, _options.CaCert };
        return _options.Read(command.Parse(args), environment);
    }
}
