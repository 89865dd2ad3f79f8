using System.Collections.Concurrent;
using System.Net;
using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using Google.Protobuf;
using Grpc.Core;
using Xunit;

namespace ActorRec.Server.Tests.Fuzzing;

/// <summary>
/// Sends generated requests to the server and checks what comes back: a status for every request (in band for stream
/// events), never INTERNAL or UNKNOWN, and an INVALID_ARGUMENT for a click that names a field. Counts the requests.
/// </summary>
internal sealed class ApiFuzzer(ServerFixture server)
{
    /// <summary>A request without a status by then is a hang, not a slow machine.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] ClickFields = ["session_id ", "seq ", "item_id ", "event_type ", "timestamp ", "k "];

    private readonly Recommender.RecommenderClient _recommender = new(server.Channel);
    private readonly ModelAdmin.ModelAdminClient _admin = new(server.Channel);
    private readonly string _runId = Guid.NewGuid().ToString("N");
    private int _requests;
    private int _cases;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How many requests got each status (or, never reaching gRPC, each HTTP status).</summary>
    public ConcurrentDictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);

    /// <summary>A prefix that makes the generated session names ("s0", "s1" ...) of one case unique to it.</summary>
    public string NewCasePrefix() => $"fuzz-{_runId}-{Interlocked.Increment(ref _cases)}-";

    public async Task SendAsync(IMessage request, string prefix, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        var options = new CallOptions(cancellationToken: timeout.Token);
        Status status;
        try
        {
            Task call = request switch
            {
                ClickEvent click => _recommender.ClickAsync(Scoped(click, prefix), options).ResponseAsync,
                GetRecommendationsRequest get => _recommender.GetRecommendationsAsync(new GetRecommendationsRequest(get) { SessionId = Scoped(get.SessionId, prefix) }, options).ResponseAsync,
                EndSessionRequest end => _recommender.EndSessionAsync(new EndSessionRequest { SessionId = Scoped(end.SessionId, prefix) }, options).ResponseAsync,
                ActivateModelRequest activate => _admin.ActivateModelAsync(NeverARealVersion(activate), options).ResponseAsync,
                ListTrainingDecisionsRequest list => _admin.ListTrainingDecisionsAsync(list, options).ResponseAsync,
                TriggerRetrainRequest { Force: false } retrain => _admin.TriggerRetrainAsync(retrain, options).ResponseAsync,
                GetActiveModelRequest active => _admin.GetActiveModelAsync(active, options).ResponseAsync,
                ListModelsRequest models => _admin.ListModelsAsync(models, options).ResponseAsync,
                GetOnlineMetricsRequest metrics => _admin.GetOnlineMetricsAsync(metrics, options).ResponseAsync,
                _ => throw new ArgumentException($"No call sends {request.Descriptor.Name}.", nameof(request)),
            };
            await call;
            status = Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            status = e.Status;
        }

        Assert.False(timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested, $"No status within {CallTimeout.TotalSeconds} s for {Described.Message(request)}");
        Record(status.StatusCode.ToString(), status.StatusCode, status.Detail, request is ClickEvent, Described.Message(request));
    }

    /// <summary>Sends <paramref name="clicks"/> down one stream and checks that each gets its own answer, in order.</summary>
    public async Task StreamAsync(IReadOnlyList<ClickEvent> clicks, string prefix, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        var sent = clicks.Select(c => Scoped(c, prefix)).ToList();
        using var call = _recommender.Stream(cancellationToken: timeout.Token);
        var reading = call.ResponseStream.ReadAllAsync(timeout.Token).ToListAsync(timeout.Token).AsTask();
        foreach (var click in sent)
        {
            await call.RequestStream.WriteAsync(click, timeout.Token);
        }

        await call.RequestStream.CompleteAsync();
        var answers = await reading;

        Assert.True(answers.Count == sent.Count, $"{answers.Count} answers to {sent.Count} events on one stream (status {call.GetStatus()}): {string.Join(", ", sent.Select(Described.Message))}");
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        for (var i = 0; i < sent.Count; i++)
        {
            // What the server read: the wire's UTF-8 replaces a lone surrogate, so the echo is compared with that.
            var asRead = ClickEvent.Parser.ParseFrom(sent[i].ToByteArray());

            // A retry is answered with the stored answer of the latest applied seq, which carries its own seq.
            var seqAnswered = answers[i].Duplicate ? answers[i].Seq >= asRead.Seq : answers[i].Seq == asRead.Seq;
            Assert.True(answers[i].SessionId == asRead.SessionId && seqAnswered, $"answer {i} is for {Described.Message(answers[i])}, not for {Described.Message(asRead)}");
            var code = answers[i].Error is { } error ? (StatusCode)error.Code : StatusCode.OK;
            Record(code.ToString(), code, answers[i].Error?.Message ?? "", isClick: true, $"streamed {Described.Message(sent[i])}");
        }
    }

    /// <summary>
    /// Sends a raw request and checks the grpc-status it gets, from the trailers or, trailers-only, the headers; returns
    /// it, or null for a request that plain HTTP answered.
    /// </summary>
    public async Task<StatusCode?> SendRawAsync(HttpClient http, RawRequest raw, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, raw.Path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(raw.Body),
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (raw.ContentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", raw.ContentType);
        }

        if (raw.Encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", raw.Encoding);
        }

        using var response = await http.SendAsync(request, timeout.Token);

        // Trailers come after the body; gRPC-Web (served for the live page) sends them as the body's last frame.
        var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        var inBody = response.Content.Headers.ContentType?.MediaType?.StartsWith("application/grpc-web", StringComparison.OrdinalIgnoreCase) == true
            ? Page.GrpcWebRequests.Trailers(body)
            : [];
        var code = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status") ?? inBody.GetValueOrDefault("grpc-status");
        var message = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message") ?? inBody.GetValueOrDefault("grpc-message") ?? "";
        if (code is null)
        {
            // Without a gRPC content type a request to a path that is no method never reaches gRPC: plain HTTP answers it.
            Assert.True(!IsGrpcContentType(raw.ContentType) && (int)response.StatusCode is >= 400 and < 500, $"No grpc-status (HTTP {(int)response.StatusCode}) for {raw}");
            Record($"HTTP {(int)response.StatusCode}", StatusCode.OK, "", isClick: false, raw.ToString());
            return null;
        }

        var status = (StatusCode)int.Parse(code, System.Globalization.CultureInfo.InvariantCulture);
        Record(status.ToString(), status, Uri.UnescapeDataString(message), isClick: false, raw.ToString());
        return status;
    }

    private void Record(string outcome, StatusCode code, string detail, bool isClick, string request)
    {
        Interlocked.Increment(ref _requests);
        Outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        Assert.False(code is StatusCode.Internal or StatusCode.Unknown, $"{code} \"{detail}\" for {request}");
        if (isClick && code == StatusCode.InvalidArgument)
        {
            Assert.True(ClickFields.Any(f => detail.StartsWith(f, StringComparison.Ordinal)), $"The rejection \"{detail}\" names no field, for {request}");
        }
    }

    private ActivateModelRequest NeverARealVersion(ActivateModelRequest request)
    {
        Assert.False(request.VersionId == server.VersionId || request.VersionId == server.SecondVersionId, "The fuzzer must not activate a real model version.");
        return request;
    }

    private static ClickEvent Scoped(ClickEvent click, string prefix) => new(click) { SessionId = Scoped(click.SessionId, prefix) };

    /// <summary>The generated session names "s0" ... "s9" become the case's own sessions; any other id is sent as it is.</summary>
    private static string Scoped(string sessionId, string prefix) =>
        sessionId is ['s', var digit] && char.IsAsciiDigit(digit) ? prefix + sessionId : sessionId;

    private static bool IsGrpcContentType(string? contentType) =>
        contentType is not null && (contentType.Equals("application/grpc", StringComparison.OrdinalIgnoreCase) || contentType.StartsWith("application/grpc+", StringComparison.OrdinalIgnoreCase));

    private static string? Header(System.Net.Http.Headers.HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
