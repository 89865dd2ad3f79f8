using System.Security.Cryptography.X509Certificates;
using ActorRec.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace ActorRec.Client;

/// <summary>
/// Entry point of the client: holds one or more endpoints of the same cluster (gateways or silos) and opens click
/// sessions on them. A session moves to the next endpoint when its current one fails.
/// </summary>
public sealed class ActorRecClient : IDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly bool _ownsChannels;

    /// <summary>A client over channels the caller made (its TLS, credentials and handler settings); the caller disposes them.</summary>
    public ActorRecClient(IEnumerable<GrpcChannel> channels, ActorRecClientOptions? options = null)
        : this([.. channels], ownsChannels: false, options)
    {
        // Silently calling without the credential would only surface later as UNAUTHENTICATED, far from the mistake.
        if (options is { Credential: not null } or { CertificateAuthority: not null })
        {
            throw new ArgumentException(
                "Credential and CertificateAuthority apply to the channels that Create and CreateChannel make; ready-made channels carry their own.",
                nameof(options));
        }
    }

    private ActorRecClient(GrpcChannel[] channels, bool ownsChannels, ActorRecClientOptions? options)
    {
        if (channels.Length == 0)
        {
            throw new ArgumentException("At least one endpoint is needed.", nameof(channels));
        }

        Options = options ?? new ActorRecClientOptions();
        Options.Validate();
        _channels = channels;
        _ownsChannels = ownsChannels;
    }

    public ActorRecClientOptions Options { get; }

    /// <summary>
    /// A client over addresses such as <c>https://recs.example.com</c>, with the options' credential and certificate
    /// authority (see <see cref="CreateChannel"/>); it owns and disposes their channels.
    /// </summary>
    public static ActorRecClient Create(IEnumerable<Uri> endpoints, ActorRecClientOptions? options = null)
    {
        var channels = new List<GrpcChannel>();
        try
        {
            foreach (var endpoint in endpoints)
            {
                channels.Add(CreateChannel(endpoint, options));
            }

            return new ActorRecClient([.. channels], ownsChannels: true, options);
        }
        catch
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// A channel to one endpoint that sends <see cref="ActorRecClientOptions.Credential"/> on every call and verifies an
    /// <c>https://</c> server against <see cref="ActorRecClientOptions.CertificateAuthority"/> when set, for the other
    /// services (ModelAdmin) or the constructor; the caller disposes it. A credential to a plain <c>http://</c> address
    /// is refused unless the address is loopback, where it never crosses a network.
    /// </summary>
    public static GrpcChannel CreateChannel(Uri endpoint, ActorRecClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        options ??= new ActorRecClientOptions();
        options.Validate();
        var secure = endpoint.IsAbsoluteUri && endpoint.Scheme == Uri.UriSchemeHttps;
        if (!secure && !(endpoint.IsAbsoluteUri && endpoint.Scheme == Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"'{endpoint}' is not an http:// or https:// address.", nameof(endpoint));
        }

        if (options.Credential is not null && !secure && !endpoint.IsLoopback)
        {
            throw new ArgumentException(
                $"Refusing to send a credential to {endpoint.GetLeftPart(UriPartial.Authority)} over plain http, where anyone on the network could read it: " +
                "use https:// (with a CertificateAuthority for a private authority), or a loopback address.",
                nameof(endpoint));
        }

        if (options.CertificateAuthority is not null && !secure)
        {
            throw new ArgumentException($"A CertificateAuthority applies to https:// addresses only, not to {endpoint.GetLeftPart(UriPartial.Authority)}.", nameof(endpoint));
        }

        var channelOptions = new GrpcChannelOptions();
        if (options.CertificateAuthority is { } authority)
        {
            channelOptions.HttpHandler = new SocketsHttpHandler
            {
                // As GrpcChannel's own handler: several HTTP/2 connections once one runs out of streams.
                EnableMultipleHttp2Connections = true,
                SslOptions =
                {
                    // The chain must end at this authority and no other root; SslStream still checks the host name.
                    // A private authority seldom publishes revocation lists, and the certificates it names are all it
                    // vouches for, so nothing is fetched from addresses written in the server's certificate.
                    CertificateChainPolicy = new X509ChainPolicy
                    {
                        TrustMode = X509ChainTrustMode.CustomRootTrust,
                        CustomTrustStore = { authority },
                        RevocationMode = X509RevocationMode.NoCheck,
                        DisableCertificateDownloads = true,
                    },
                },
            };
            channelOptions.DisposeHttpClient = true;
        }

        if (options.Credential is { } credential)
        {
            var authorization = "Bearer " + credential;
            var perCall = CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", authorization);
                return Task.CompletedTask;
            });
            channelOptions.Credentials = ChannelCredentials.Create(secure ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure, perCall);

            // Plain http is reached only for loopback addresses (refused above otherwise).
            channelOptions.UnsafeUseInsecureChannelCallCredentials = !secure;
        }

        return GrpcChannel.ForAddress(endpoint, channelOptions);
    }

    /// <summary>Starts a new session, whose first click is seq 1.</summary>
    public ClickSession StartSession(string sessionId) => new(this, sessionId, lastApplied: 0);

    /// <summary>
    /// Continues a session the server already holds (after a client restart, say): asks the server for the session's
    /// latest applied seq and numbers the next click after it. Asks each endpoint in turn while they fail with a
    /// retryable status, and throws the last failure when none answers.
    /// </summary>
    public async Task<ClickSession> ResumeSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var request = new GetRecommendationsRequest { SessionId = sessionId, K = 1 };
        for (var endpoint = 0; ; endpoint++)
        {
            try
            {
                var state = await Recommender(endpoint).GetRecommendationsAsync(request, cancellationToken: cancellationToken);
                return new ClickSession(this, sessionId, state.Seq);
            }
            catch (RpcException e) when (endpoint + 1 < _channels.Length && !cancellationToken.IsCancellationRequested
                && e.StatusCode is StatusCode.Unavailable or StatusCode.Aborted or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown)
            {
                // This endpoint is down or the session's silo unreachable from it: ask the next one.
            }
        }
    }

    public void Dispose()
    {
        if (_ownsChannels)
        {
            foreach (var channel in _channels)
            {
                channel.Dispose();
            }
        }
    }

    internal int EndpointCount => _channels.Length;

    internal Recommender.RecommenderClient Recommender(int endpoint) => new(_channels[endpoint % _channels.Length]);
}
