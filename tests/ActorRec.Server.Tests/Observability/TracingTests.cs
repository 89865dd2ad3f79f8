using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ActorRec.Grains.Tracing;
using ActorRec.Server.Tests.Fixtures;
using OpenTelemetry.Trace;
using Xunit;

namespace ActorRec.Server.Tests.Observability;

/// <summary>
/// With traces on, one click sent over gRPC is one trace: the gRPC server span, the session grain's span under it, and
/// the inference batch (a root of its own, on the engine's thread) linked to it.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TracingTests(ServerFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task One_click_is_one_trace_from_the_grpc_call_through_the_session_grain_and_the_batch_links_back_to_it()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var spans = new SpanRecorder();
        await using var server = new ServerUnderTest(
            fixture.StoreDirectory,
            new Dictionary<string, string> { ["Telemetry:Traces"] = "true" },
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        await server.WaitUntilServingAsync(ct);
        var item = Clicks.KnownItems(fixture, 1)[0];
        var sessionId = Clicks.NewSessionId("traced");

        var answer = await server.Recommender.ClickAsync(Clicks.Click(sessionId, 1, item, 5), cancellationToken: ct);

        // Spans are exported as they end; the server span ends once the response is written, just after the client has it.
        Activity? call = null;
        Activity? click = null;
        Activity? batch = null;
        await Eventually.TrueAsync(
            () =>
            {
                var all = spans.Snapshot();
                call = all.FirstOrDefault(s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore"
                    && Equals(s.GetTagItem("grpc.method"), "/actorrec.v1.Recommender/Click"));
                click = call is null ? null : all.FirstOrDefault(s => s.OperationName == ActorRecTracing.SessionClickSpan && s.TraceId == call.TraceId);
                batch = call is null ? null : all.FirstOrDefault(s => s.OperationName == ActorRecTracing.InferenceBatchSpan && s.Links.Any(l => l.Context.TraceId == call.TraceId));
                return Task.FromResult(call is not null && click is not null && batch is not null);
            },
            "the gRPC span of the click, a session grain span in its trace and a batch span linked to that trace",
            ct);

        // The trace as exported, for docs/observability.md: run this test with -verbose to see it.
        var trace = spans.Snapshot().Where(s => s.TraceId == call!.TraceId).Append(batch!).OrderBy(s => s.StartTimeUtc);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', trace.Select(Describe)));

        Assert.Equal(1L, click!.GetTagItem("actorrec.click.seq"));
        Assert.Equal(5, click.GetTagItem("actorrec.click.k"));
        Assert.Equal("applied", click.GetTagItem("actorrec.click.outcome"));
        Assert.Equal(answer.ModelVersion, click.GetTagItem("actorrec.model.version"));
        var keyHash = Assert.IsType<string>(click.GetTagItem("actorrec.session.key_hash"));
        // An anonymous caller's session key is its session id: the hash is what docs/observability.md says to compute.
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)))[..16], keyHash);

        // Orleans names the session grain in its own spans; what is exported is the same hash, never the session id.
        var exportedTrace = spans.Snapshot().Where(s => s.TraceId == call!.TraceId).ToArray();
        Assert.DoesNotContain(exportedTrace, s => s.TagObjects.Any(tag => tag.Value is string value && value.Contains(sessionId, StringComparison.Ordinal)));
        Assert.Contains(exportedTrace, s => Equals(s.GetTagItem("orleans.rpc.target_id"), $"session/{keyHash}"));

        // The session span sits under the gRPC span: its chain of parents in the exported spans reaches it.
        var byId = spans.Snapshot().Where(s => s.TraceId == call!.TraceId).ToDictionary(s => s.SpanId);
        var ancestor = click;
        while (ancestor.ParentSpanId != default && ancestor.SpanId != call!.SpanId && byId.TryGetValue(ancestor.ParentSpanId, out var parent))
        {
            ancestor = parent;
        }

        Assert.Equal(call!.SpanId, ancestor.SpanId);

        // The batch ran on the engine's thread for whoever was queued: a root, linked to this click and sized as it ran.
        Assert.Equal(default, batch!.ParentSpanId);
        Assert.NotEqual(call.TraceId, batch.TraceId);
        Assert.Equal(answer.BatchSize, batch.GetTagItem("actorrec.batch.rows"));
        Assert.True((int)batch.GetTagItem("actorrec.batch.size")! >= answer.BatchSize);
        Assert.Equal(answer.ModelVersion, batch.GetTagItem("actorrec.model.version"));
        Assert.True((int)batch.GetTagItem("actorrec.batch.k")! >= 5);
    }

    private static string Describe(Activity span) => string.Join(
        "\n    ",
        [
            $"{span.DisplayName}  [{span.Source.Name}, {span.Kind}, {span.Duration.TotalMilliseconds:F2} ms]",
            $"trace {span.TraceId} span {span.SpanId} parent {(span.ParentSpanId == default ? "none" : span.ParentSpanId.ToString())}",
            .. span.TagObjects.Select(tag => $"{tag.Key} = {tag.Value}"),
            .. span.Links.Select(link => $"link -> trace {link.Context.TraceId} span {link.Context.SpanId}"),
        ]);
}
