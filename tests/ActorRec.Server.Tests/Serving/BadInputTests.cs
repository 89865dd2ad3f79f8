using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Xunit;

namespace ActorRec.Server.Tests.Serving;

/// <summary>
/// Bad input is refused with the status a client can act on and a message naming the field, without costing the
/// stream, the session or the server anything.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class BadInputTests(ServerFixture server)
{
    private const int K = 10;

    /// <summary>Each way a click can be malformed, as a change to a valid click, and the field its rejection must name.</summary>
    private static readonly BadClick[] BadClicks =
    [
        new("empty session_id", "session_id", c => c.SessionId = ""),
        new("blank session_id", "session_id", c => c.SessionId = "   "),
        new("session_id of 300 characters", "session_id", c => c.SessionId = new string('s', 300)),
        new("seq 0", "seq", c => c.Seq = 0),
        new("negative seq", "seq", c => c.Seq = -3),
        new("k 101", "k", c => c.K = 101),
        new("k -1", "k", c => c.K = -1),
        new("event_type explode", "event_type", c => c.EventType = "explode"),
        new("empty item_id", "item_id", c => c.ItemId = ""),
        new("item_id of 300 characters", "item_id", c => c.ItemId = new string('i', 300)),
        new("session_id with the tenant separator U+001F", "session_id", c => c.SessionId = "tenant\u001Fsession"),
        new("session_id with a NUL", "session_id", c => c.SessionId = "session\0"),
        new("item_id with a control character", "item_id", c => c.ItemId = "item\u0007"),
        new("timestamp before the Unix epoch", "timestamp", c => c.Timestamp = new Timestamp { Seconds = -1 }),
        new("timestamp seconds of long.MaxValue", "timestamp", c => c.Timestamp = new Timestamp { Seconds = long.MaxValue }),
        new("timestamp nanos of a whole second", "timestamp", c => c.Timestamp = new Timestamp { Seconds = 1_700_000_000, Nanos = 1_000_000_000 }),
        new("timestamp negative nanos", "timestamp", c => c.Timestamp = new Timestamp { Seconds = 1_700_000_000, Nanos = -1 }),
        new("timestamp two days ahead of the clock", "timestamp", c => c.Timestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(2))),
    ];

    public static TheoryData<string> BadClickNames => new(BadClicks.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(BadClickNames))]
    public async Task A_unary_click_with_a_bad_field_fails_with_invalid_argument_naming_the_field_and_leaves_the_session_as_it_was(string name)
    {
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var bad = BadClicks.Single(c => c.Name == name);
        var client = new Recommender.RecommenderClient(server.Channel);
        var items = Clicks.KnownItems(server, 2);
        var sessionId = Clicks.NewSessionId("bad-unary");
        await client.ClickAsync(Clicks.Click(sessionId, 1, items[0], K), cancellationToken: ct);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ClickAsync(bad.Spoil(Clicks.Click(sessionId, 2, items[1], K)), cancellationToken: ct).ResponseAsync);

        AssertInvalidArgument(error.Status, bad.Field);

        // Had the rejected click been applied, seq 2 would now be a retry answered as a duplicate.
        var next = await client.ClickAsync(Clicks.Click(sessionId, 2, items[1], K), cancellationToken: ct);
        Assert.False(next.Duplicate, "the rejected click advanced the session");
        Assert.Equal(2, next.Seq);
        Assert.Equal(K, next.Items.Count);
    }

    [Fact]
    public async Task GetRecommendations_and_EndSession_refuse_a_missing_session_id_and_GetRecommendations_a_k_out_of_range()
    {
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var client = new Recommender.RecommenderClient(server.Channel);

        var noSession = await Assert.ThrowsAsync<RpcException>(() => client.GetRecommendationsAsync(new GetRecommendationsRequest { SessionId = "" }, cancellationToken: ct).ResponseAsync);
        var longSession = await Assert.ThrowsAsync<RpcException>(() => client.GetRecommendationsAsync(new GetRecommendationsRequest { SessionId = new string('s', 300) }, cancellationToken: ct).ResponseAsync);
        var badK = await Assert.ThrowsAsync<RpcException>(() => client.GetRecommendationsAsync(new GetRecommendationsRequest { SessionId = "any", K = 101 }, cancellationToken: ct).ResponseAsync);
        var endNoSession = await Assert.ThrowsAsync<RpcException>(() => client.EndSessionAsync(new EndSessionRequest { SessionId = "" }, cancellationToken: ct).ResponseAsync);

        AssertInvalidArgument(noSession.Status, "session_id");
        AssertInvalidArgument(longSession.Status, "session_id");
        AssertInvalidArgument(badK.Status, "k");
        AssertInvalidArgument(endNoSession.Status, "session_id");
    }

    [Fact]
    public async Task ActivateModel_answers_not_found_for_an_unknown_version_and_invalid_argument_for_none_and_the_active_model_stays()
    {
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var admin = new ModelAdmin.ModelAdminClient(server.Channel);
        var unknownVersion = $"gru4rec-never-trained-{Guid.NewGuid():N}";

        var unknown = await Assert.ThrowsAsync<RpcException>(() => admin.ActivateModelAsync(new ActivateModelRequest { VersionId = unknownVersion }, cancellationToken: ct).ResponseAsync);
        var empty = await Assert.ThrowsAsync<RpcException>(() => admin.ActivateModelAsync(new ActivateModelRequest { VersionId = "" }, cancellationToken: ct).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Contains(unknownVersion, unknown.Status.Detail, StringComparison.Ordinal);
        AssertInvalidArgument(empty.Status, "version_id");
        Assert.Equal(server.VersionId, (await admin.GetActiveModelAsync(new GetActiveModelRequest(), cancellationToken: ct)).VersionId);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_stream_answers_each_bad_event_in_band_in_order_serves_the_good_ones_around_it_and_stays_open()
    {
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var client = new Recommender.RecommenderClient(server.Channel);
        var items = Clicks.KnownItems(server, BadClicks.Length + 1);
        var sessionId = Clicks.NewSessionId("bad-stream");

        // Good click n, then a bad variant of good click n + 1 (same seq, so that applying it would turn the good one
        // into a duplicate), then good click n + 1 ...
        var sent = new List<(ClickEvent Click, BadClick? Bad)>();
        for (var i = 0; i <= BadClicks.Length; i++)
        {
            if (i > 0)
            {
                sent.Add((BadClicks[i - 1].Spoil(Clicks.Click(sessionId, i + 1, items[i], K)), BadClicks[i - 1]));
            }

            sent.Add((Clicks.Click(sessionId, i + 1, items[i], K), null));
        }

        using var call = client.Stream(cancellationToken: ct);
        foreach (var (click, _) in sent)
        {
            await call.RequestStream.WriteAsync(click, ct);
        }

        await call.RequestStream.CompleteAsync();
        var received = await Eventually.Within(call.ResponseStream.ReadAllAsync(ct).ToListAsync(ct).AsTask(), "the stream's responses");

        Assert.Equal(sent.Count, received.Count);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        for (var i = 0; i < sent.Count; i++)
        {
            var (click, bad) = sent[i];
            var response = received[i];
            Assert.Equal(click.SessionId, response.SessionId);
            Assert.Equal(click.Seq, response.Seq);
            if (bad is not null)
            {
                Assert.True(response.Error is not null, $"response {i} ({bad.Name}) has no error");
                Assert.Equal((int)StatusCode.InvalidArgument, response.Error.Code);
                Assert.StartsWith(bad.Field + " ", response.Error.Message, StringComparison.Ordinal);
                Assert.Empty(response.Items);
            }
            else
            {
                Assert.True(response.Error is null, $"response {i} (seq {click.Seq}): {response.Error?.Message}");
                Assert.False(response.Duplicate, $"response {i} (seq {click.Seq}) is a duplicate: a rejected event was applied");
                Assert.Equal(K, response.Items.Count);
                Assert.Equal(server.VersionId, response.ModelVersion);
            }
        }

        // The bad events left no trace in the hidden state: the session answers as one that only saw the good ones.
        var reference = await Clicks.ReferenceAsync(client, "bad-stream-reference", items, K, ct);
        RecommendationAssert.SameRanking(reference[^1], received[^1], "last good click after the bad ones");
    }

    [Fact(Timeout = 120_000)]
    public async Task An_oversized_message_fails_the_stream_with_resource_exhausted_and_a_new_stream_works()
    {
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var client = new Recommender.RecommenderClient(server.Channel);
        var items = Clicks.KnownItems(server, 2);
        var sessionId = Clicks.NewSessionId("oversized");

        using (var call = client.Stream(cancellationToken: ct))
        {
            await call.RequestStream.WriteAsync(Clicks.Click(sessionId, 1, items[0], K), ct);
            Assert.True(await Eventually.Within(call.ResponseStream.MoveNext(ct), "the answer to the first click"), "the stream ended before the first answer");
            Assert.True(call.ResponseStream.Current.Error is null, call.ResponseStream.Current.Error?.Message);

            try
            {
                await call.RequestStream.WriteAsync(Clicks.Click(sessionId, 2, new string('x', 65 * 1024), K), ct);
            }
            catch (RpcException)
            {
                // The server may end the call before the client has finished writing the message; the call's status,
                // read below, says why.
            }

            var error = await Assert.ThrowsAsync<RpcException>(() => Eventually.Within(call.ResponseStream.MoveNext(ct), "the stream to fail"));
            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        }

        using var next = client.Stream(cancellationToken: ct);
        await next.RequestStream.WriteAsync(Clicks.Click(sessionId, 2, items[1], K), ct);
        await next.RequestStream.CompleteAsync();
        var answers = await Eventually.Within(next.ResponseStream.ReadAllAsync(ct).ToListAsync(ct).AsTask(), "the new stream's answer");
        var answer = Assert.Single(answers);
        Assert.True(answer.Error is null, answer.Error?.Message);
        Assert.False(answer.Duplicate, "the oversized click was applied");
        Assert.Equal(2, answer.Seq);
        Assert.Equal(K, answer.Items.Count);
    }

    [Fact]
    public async Task An_unknown_item_is_answered_from_the_unchanged_state_and_the_next_known_click_continues_as_if_it_never_came()
    {
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var client = new Recommender.RecommenderClient(server.Channel);
        var items = Clicks.KnownItems(server, 2);
        var sessionId = Clicks.NewSessionId("unknown-item");
        var unknownItem = $"not-in-the-catalogue-{Guid.NewGuid():N}";
        Assert.False(server.Model.Vocabulary.TryGetIndex(unknownItem, out _));

        var before = await client.ClickAsync(Clicks.Click(sessionId, 1, items[0], K), cancellationToken: ct);
        var unknown = await client.ClickAsync(Clicks.Click(sessionId, 2, unknownItem, K), cancellationToken: ct);
        var after = await client.ClickAsync(Clicks.Click(sessionId, 3, items[1], K), cancellationToken: ct);

        Assert.True(unknown.UnknownItem, "an item outside the vocabulary was not reported as unknown");
        Assert.Equal(2, unknown.Seq);
        Assert.False(before.UnknownItem);
        Assert.False(after.UnknownItem);
        RecommendationAssert.SameRanking(before, unknown, "the unknown item's answer against the state before it");
        var reference = await Clicks.ReferenceAsync(client, "unknown-item-reference", items, K, ct);
        RecommendationAssert.SameRanking(reference[^1], after, "the known click after the unknown one");
    }

    [Fact]
    public async Task A_retried_seq_is_answered_as_a_duplicate_with_the_stored_items_and_changes_nothing()
    {
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var client = new Recommender.RecommenderClient(server.Channel);
        var items = Clicks.KnownItems(server, 3);
        var sessionId = Clicks.NewSessionId("retry");
        await client.ClickAsync(Clicks.Click(sessionId, 1, items[0], K), cancellationToken: ct);
        var second = await client.ClickAsync(Clicks.Click(sessionId, 2, items[1], K), cancellationToken: ct);

        var retry = await client.ClickAsync(Clicks.Click(sessionId, 2, items[1], K), cancellationToken: ct);
        var olderRetry = await client.ClickAsync(Clicks.Click(sessionId, 1, items[0], K), cancellationToken: ct);
        var third = await client.ClickAsync(Clicks.Click(sessionId, 3, items[2], K), cancellationToken: ct);

        Assert.False(second.Duplicate);
        foreach (var (duplicate, what) in new[] { (retry, "retry of seq 2"), (olderRetry, "retry of seq 1") })
        {
            Assert.True(duplicate.Duplicate, $"the {what} was not answered as a duplicate");

            // The stored answer as it was, to the last bit: not recomputed.
            Assert.Equal(2, duplicate.Seq);
            Assert.Equal(second.Items, duplicate.Items);
            Assert.Equal(second.ModelVersion, duplicate.ModelVersion);
            Assert.Equal(second.BatchSize, duplicate.BatchSize);
        }

        Assert.False(third.Duplicate);
        var reference = await Clicks.ReferenceAsync(client, "retry-reference", items, K, ct);
        RecommendationAssert.SameRanking(reference[^1], third, "the click after the retries");
    }

    private static void AssertInvalidArgument(Status status, string field)
    {
        Assert.Equal(StatusCode.InvalidArgument, status.StatusCode);
        Assert.StartsWith(field + " ", status.Detail, StringComparison.Ordinal);
    }

    /// <summary>A malformed click: a valid one with <see cref="Change"/> applied, rejected naming <see cref="Field"/>.</summary>
    private sealed record BadClick(string Name, string Field, Action<ClickEvent> Change)
    {
        public ClickEvent Spoil(ClickEvent valid)
        {
            var spoiled = valid.Clone();
            Change(spoiled);
            return spoiled;
        }
    }
}
