using System.Diagnostics;
using ActorRec.Api;
using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace ActorRec.Server.Tests.Fuzzing;

/// <summary>
/// Property-based fuzzing of the public gRPC API on the shared server: hostile field values, raw bytes in place of
/// messages, and concurrent streams and calls over shared sessions. Whatever comes in, every request gets a status,
/// never INTERNAL or UNKNOWN, the server stays up, and sessions the fuzzer never addressed do not change. The three
/// tests together send at least <see cref="MinimumRequests"/> requests.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ApiFuzzTests(ServerFixture server)
{
    public const int MinimumRequests = FieldRequests + RawRequests + InterleavedRequests;

    private const int FieldCases = 60;
    private const int FieldRequests = FieldCases * 32;
    private const int RawCases = 170;
    private const int RawPerCase = 25;
    private const int RawRequests = RawCases * RawPerCase;
    private const int InterleavedCases = 120;
    private const int InterleavedRequests = 3_900;
    private const int K = 10;

    private static int _totalRequests;

    [Fact(Timeout = 300_000)]
    public async Task Hostile_field_values_in_every_method_get_a_status_that_is_never_internal_or_unknown()
    {
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var generators = new FieldGenerators(Clicks.KnownItems(server, 50), server.Services.GetRequiredService<IOptions<ServingOptions>>().Value.MaxIdLength);
        await FuzzAsync(FieldRequests, 1001, generators.Case, FieldCases, async (fuzzer, fieldCase) =>
        {
            var prefix = fuzzer.NewCasePrefix();
            await Task.WhenAll(fieldCase.Unary.Select(r => fuzzer.SendAsync(r, prefix, ct)).Append(fuzzer.StreamAsync(fieldCase.Streamed, prefix, ct)));
        });
    }

    [Fact(Timeout = 300_000)]
    public async Task Random_bytes_in_place_of_messages_get_a_status_that_is_never_internal_or_unknown()
    {
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient(server.CreateHandler()) { BaseAddress = new Uri("http://localhost/") };
        await FuzzAsync(RawRequests, 2002, FsCheck.Fluent.Gen.ArrayOf(FrameGenerators.Request, RawPerCase), RawCases, (fuzzer, requests) =>
            Task.WhenAll(requests.Select(r => fuzzer.SendRawAsync(http, r, ct))));
    }

    [Fact(Timeout = 300_000)]
    public async Task Concurrent_streams_and_calls_over_shared_sessions_get_a_status_that_is_never_internal_or_unknown()
    {
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var generators = new InterleavingGenerators(Clicks.KnownItems(server, 50));
        await FuzzAsync(InterleavedRequests, 3003, generators.Script, InterleavedCases, async (fuzzer, script) =>
        {
            var prefix = fuzzer.NewCasePrefix();
            await Task.WhenAll(script.Streams.Select(s => fuzzer.StreamAsync(s, prefix, ct)).Concat(script.Unary.Select(r => fuzzer.SendAsync(r, prefix, ct))));
        });
    }

    private async Task FuzzAsync<T>(int minimumRequests, ulong seed, FsCheck.Gen<T> cases, int caseCount, Func<ApiFuzzer, T, Task> send)
    {
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper;
        var sentinels = await SentinelSessions.CreateAsync(server, count: 3, ct);
        var fuzzer = new ApiFuzzer(server);
        var clock = Stopwatch.StartNew();

        // FsCheck runs a property synchronously; the case's calls run on the thread pool, never on a captured context.
        await Task.Run(() => FuzzRun.Check(cases, caseCount, seed, value => send(fuzzer, value)), ct);

        var total = Interlocked.Add(ref _totalRequests, fuzzer.Requests);
        output?.WriteLine($"{fuzzer.Requests} requests in {clock.Elapsed.TotalSeconds:F1} s; {total} so far in this run (at least {MinimumRequests} over the class)");
        output?.WriteLine($"statuses: {string.Join(", ", fuzzer.Outcomes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}");
        Assert.True(fuzzer.Requests >= minimumRequests, $"{fuzzer.Requests} requests sent, fewer than the {minimumRequests} this test must send");

        await AssertStillServingAsync(ct);
        await sentinels.AssertUnchangedAsync(ct);
    }

    private async Task AssertStillServingAsync(CancellationToken cancellationToken)
    {
        var health = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest(), cancellationToken: cancellationToken);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        var items = Clicks.KnownItems(server, 1);
        var answer = await new Recommender.RecommenderClient(server.Channel).ClickAsync(Clicks.Click(Clicks.NewSessionId("after-fuzzing"), 1, items[0], K), cancellationToken: cancellationToken);
        Assert.True(answer.Error is null, answer.Error?.Message);
        Assert.Equal(K, answer.Items.Count);
        Assert.Equal(server.VersionId, answer.ModelVersion);
    }
}
