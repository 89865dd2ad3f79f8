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

    /// <summary>A client over plain addresses such as <c>http://localhost:5000</c>; it owns and disposes their channels.</summary>
    public static ActorRecClient Create(IEnumerable<Uri> endpoints, ActorRecClientOptions? options = null) =>
        new([.. endpoints.Select(GrpcChannel.ForAddress)], ownsChannels: true, options);

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
