using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ActorRec.Grains.Inference;
using ActorRec.Testing.Ranking;
using Xunit;

namespace ActorRec.Grains.Tests.Inference;

public sealed class BatchingEngineTests
{
    private const int K = 10;

    private static readonly ScoreTolerance AfterExclusion = new(1e-6f);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Retrieval over 50 items builds 7 lists and probes all 7 by default: exact, so it must match as the others do.
    [Theory]
    [InlineData(ServingScorer.Torch)]
    [InlineData(ServingScorer.Fused)]
    [InlineData(ServingScorer.Ivf)]
    public async Task Concurrent_sessions_get_exactly_what_stepping_each_session_alone_gives(ServingScorer scorer)
    {
        // Long enough a delay that the sessions' steps meet in shared batches even on a loaded machine.
        using var harness = await InferenceHarness.StartAsync(new InferenceOptions { Device = "cpu", MaxDelay = TimeSpan.FromMilliseconds(20), Scorer = scorer }, layers: [16, 8]);
        Assert.StartsWith(scorer.ToString().ToLowerInvariant(), harness.Host.Current!.ScorerName, StringComparison.Ordinal);
        var random = new Random(11);
        var sessions = Enumerable.Range(0, 12)
            .Select(_ => Enumerable.Range(0, 8).Select(_ => random.Next(TestCheckpoints.Items)).ToArray())
            .ToArray();

        // Each session excludes the items it has seen, so exclusions differ from row to row within a batch.
        var results = await Task.WhenAll(sessions.Select(items => Task.Run(async () =>
        {
            var steps = new List<InferenceResult>();
            float[]? hidden = null;
            for (var p = 0; p < items.Length; p++)
            {
                var result = await harness.Engine.SubmitAsync(new InferenceRequest(hidden, harness.VersionA, items[p], K, [.. items.Take(p + 1).Distinct()]), Ct);
                steps.Add(result);
                hidden = result.Hidden;
            }

            return steps;
        }, Ct)));

        using var model = harness.LoadCopy(harness.VersionA);
        for (var s = 0; s < sessions.Length; s++)
        {
            var reference = new ReferenceSession(model);
            for (var p = 0; p < sessions[s].Length; p++)
            {
                var expected = reference.Step(sessions[s][p], K, [.. sessions[s].Take(p + 1).Distinct()]);
                reference.AssertMatches(expected, results[s][p], $"session {s}, step {p}");
                Assert.Equal(harness.VersionA, results[s][p].ModelVersion);
            }
        }

        Assert.Contains(results.SelectMany(steps => steps), r => r.BatchSize > 1);
    }

    [Fact]
    public async Task A_batch_that_mixes_steps_and_plain_scoring_answers_each_request_as_if_alone()
    {
        using var harness = await InferenceHarness.StartAsync(layers: [16, 8], gated: true);
        var first = await harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, 4, K, []), Ct);
        harness.Gate.Close();
        var holder = harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, 9, K, []), Ct);
        harness.Gate.WaitUntilHeld();

        var stepping = harness.Engine.SubmitAsync(new InferenceRequest(first.Hidden, harness.VersionA, 7, K, []), Ct);
        var scoring = harness.Engine.SubmitAsync(new InferenceRequest(first.Hidden, harness.VersionA, InferenceRequest.NoItem, K, []), Ct);
        harness.Gate.Open();
        await Deadline.Within(holder, "the held request");
        var stepped = await Deadline.Within(stepping, "the stepping request");
        var scored = await Deadline.Within(scoring, "the scoring request");

        Assert.Equal(2, stepped.BatchSize);
        Assert.Equal(2, scored.BatchSize);
        using var model = harness.LoadCopy(harness.VersionA);
        var steppingReference = new ReferenceSession(model);
        steppingReference.Step(4, K);
        var scoringReference = new ReferenceSession(model);
        scoringReference.Step(4, K);
        steppingReference.AssertMatches(steppingReference.Step(7, K), stepped, "stepped row");
        scoringReference.AssertMatches(scoringReference.Step(InferenceRequest.NoItem, K), scored, "scored row");
        Assert.Equal(first.Hidden, scored.Hidden);
    }

    [Fact]
    public async Task Excluded_items_are_never_returned_and_the_next_best_take_their_places()
    {
        using var harness = await InferenceHarness.StartAsync();
        var all = await harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, 3, TestCheckpoints.Items, []), Ct);
        var state = new InferenceRequest(all.Hidden, harness.VersionA, InferenceRequest.NoItem, 5, [.. all.TopItems.Take(5)]);

        var next = await harness.Engine.SubmitAsync(state, Ct);
        var rest = await harness.Engine.SubmitAsync(state with { K = TestCheckpoints.Items, Exclude = [.. all.TopItems.Take(10)] }, Ct);

        // The first answer came from a step, the others from scoring its stored state: the same sums, but the
        // comparison still lets rounding-level ties trade places rather than count on bit-identical kernels.
        Assert.Equal(TestCheckpoints.Items, all.TopItems.Distinct().Count());
        TopKComparison.AssertSame(Ranked(all, skip: 5, take: 5), Ranked(next), AfterExclusion, "the 5 best after excluding the first 5");
        TopKComparison.AssertSame(Ranked(all, skip: 10), Ranked(rest), AfterExclusion, "everything after excluding the first 10");
    }

    [Fact]
    public async Task A_single_sequential_caller_is_never_batched()
    {
        using var harness = await InferenceHarness.StartAsync();
        float[]? hidden = null;

        for (var i = 0; i < 10; i++)
        {
            var result = await harness.Engine.SubmitAsync(new InferenceRequest(hidden, harness.VersionA, i, K, []), Ct);
            Assert.Equal(1, result.BatchSize);
            hidden = result.Hidden;
        }

        Assert.Equal(10, harness.Engine.TotalBatches);
        Assert.Equal(1.0, harness.Engine.MeanBatchSize);
    }

    [Fact]
    public async Task Concurrent_callers_share_model_steps()
    {
        // A generous delay so that every concurrent caller can join, even on a loaded machine.
        using var harness = await InferenceHarness.StartAsync(new InferenceOptions { Device = "cpu", MaxDelay = TimeSpan.FromMilliseconds(50) });

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(session => Task.Run(async () =>
        {
            var sizes = new List<int>();
            float[]? hidden = null;
            for (var i = 0; i < 4; i++)
            {
                var result = await harness.Engine.SubmitAsync(new InferenceRequest(hidden, harness.VersionA, (session + i) % TestCheckpoints.Items, K, []), Ct);
                sizes.Add(result.BatchSize);
                hidden = result.Hidden;
            }

            return sizes;
        }, Ct)));

        Assert.Equal(64, harness.Engine.TotalRequests);
        Assert.True(harness.Engine.MeanBatchSize > 1, $"mean batch size {harness.Engine.MeanBatchSize} over {harness.Engine.TotalBatches} batches");
        Assert.Contains(results.SelectMany(sizes => sizes), size => size > 1);
    }

    [Fact]
    public async Task An_idle_worker_runs_a_lone_request_at_once_and_requests_queued_behind_it_wait_for_the_window()
    {
        // The longest window the options allow: an idle worker must not hold the lone request for it.
        using var harness = await InferenceHarness.StartAsync(new InferenceOptions { Device = "cpu", MaxDelay = TimeSpan.FromSeconds(1) }, gated: true);
        harness.Gate.Close();
        var lone = harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, 0, K, []), Ct);
        harness.Gate.WaitUntilHeld();
        Assert.Equal(1, harness.Engine.IdleDispatches);

        var queued = Enumerable.Range(1, 5).Select(i => harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, i, K, []), Ct)).ToArray();
        harness.Gate.Open();
        var results = await Deadline.Within(Task.WhenAll(queued), "the requests queued behind the busy worker");

        Assert.Equal(1, (await lone).BatchSize);
        Assert.All(results, r => Assert.Equal(5, r.BatchSize));
        Assert.Equal(1, harness.Engine.IdleDispatches);
    }

    [Fact]
    public async Task Requests_queued_behind_a_busy_worker_run_as_one_batch()
    {
        using var harness = await InferenceHarness.StartAsync(gated: true);
        harness.Gate.Close();
        var held = harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, 0, K, []), Ct);
        harness.Gate.WaitUntilHeld();

        var queued = Enumerable.Range(1, 31).Select(i => harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, i, K, []), Ct)).ToArray();
        harness.Gate.Open();
        var results = await Deadline.Within(Task.WhenAll(queued), "the queued requests");

        Assert.Equal(1, (await held).BatchSize);
        Assert.All(results, r => Assert.Equal(31, r.BatchSize));
        Assert.Equal(2, harness.Engine.TotalBatches);
        Assert.Equal(16.0, harness.Engine.MeanBatchSize);
    }

    [Fact]
    public async Task A_full_queue_fails_the_next_request_at_once()
    {
        using var harness = await InferenceHarness.StartAsync(new InferenceOptions { Device = "cpu", QueueCapacity = 2 }, gated: true);
        harness.Gate.Close();
        var held = harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, 0, K, []), Ct);
        harness.Gate.WaitUntilHeld();
        var queued = new[] { 1, 2 }.Select(i => harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, i, K, []), Ct)).ToArray();

        // Thrown by the call itself, not by the task it would return: the caller learns at once, without waiting.
        var error = Assert.Throws<InferenceQueueFullException>(() => { _ = harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, 3, K, []), Ct); });

        Assert.Equal(2, error.Capacity);
        Assert.Equal(2, harness.Engine.QueueDepth);
        Assert.Equal(1, harness.Engine.RejectedRequests);
        harness.Gate.Open();
        await Deadline.Within(Task.WhenAll([held, .. queued]), "the accepted requests");
    }

    [Fact]
    public async Task A_request_for_another_model_version_fails_with_the_active_version()
    {
        using var harness = await InferenceHarness.StartAsync();
        var underA = await harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, 5, K, []), Ct);
        await harness.Host.ActivateAsync(harness.VersionB, Ct);

        var error = await Assert.ThrowsAsync<ModelVersionMismatchException>(
            () => harness.Engine.SubmitAsync(new InferenceRequest(underA.Hidden, underA.ModelVersion, 6, K, []), Ct));
        var fresh = await harness.Engine.SubmitAsync(new InferenceRequest(null, null, 6, K, []), Ct);

        Assert.Equal(harness.VersionA, error.RequestVersion);
        Assert.Equal(harness.VersionB, error.ActiveVersion);
        Assert.Equal(harness.VersionB, fresh.ModelVersion);
    }

    [Fact]
    public async Task Requests_that_do_not_fit_the_model_fail_alone()
    {
        using var harness = await InferenceHarness.StartAsync();

        Assert.Throws<ArgumentException>(() => { _ = harness.Engine.SubmitAsync(new InferenceRequest(new float[16], null, 1, K, []), Ct); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = harness.Engine.SubmitAsync(new InferenceRequest(null, null, 1, 0, []), Ct); });
        var shortState = harness.Engine.SubmitAsync(new InferenceRequest(new float[3], harness.VersionA, 1, K, []), Ct);
        var unknownItem = harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, TestCheckpoints.Items, K, []), Ct);
        var unknownExclusion = harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, 1, K, [-2]), Ct);
        var valid = harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, 1, K, []), Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => shortState);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => unknownItem);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => unknownExclusion);
        Assert.Equal(K, (await valid).TopItems.Length);
    }

    [Fact]
    public async Task A_request_cancelled_while_queued_is_not_run()
    {
        using var harness = await InferenceHarness.StartAsync(gated: true);
        harness.Gate.Close();
        var held = harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, 0, K, []), Ct);
        harness.Gate.WaitUntilHeld();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var cancelled = harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, 1, K, []), cancellation.Token);

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        harness.Gate.Open();
        await Deadline.Within(held, "the held request");
        await harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, 2, K, []), Ct);

        Assert.Equal(2, harness.Engine.TotalRequests);
    }

    [Fact]
    public async Task Disposing_finishes_the_running_batch_and_fails_the_queued_requests()
    {
        using var harness = await InferenceHarness.StartAsync(gated: true);
        harness.Gate.Close();
        var running = harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, 0, K, []), Ct);
        harness.Gate.WaitUntilHeld();
        var queued = new List<Task<InferenceResult>> { harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, 1, K, []), Ct) };

        var disposing = Task.Run(harness.Engine.Dispose, Ct);
        await Deadline.UntilAsync(
            () =>
            {
                try
                {
                    queued.Add(harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, 2, K, []), Ct));
                    return false;
                }
                catch (ObjectDisposedException)
                {
                    return true;
                }
            },
            "the engine to refuse requests once disposing");
        harness.Gate.Open();
        await Deadline.Within(disposing, "Dispose to return");

        Assert.Equal(harness.VersionA, (await running).ModelVersion);
        foreach (var request in queued)
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(() => request);
        }
    }

    [Fact]
    public async Task Batches_and_outcomes_are_published_as_metrics()
    {
        using var meters = new TestMeterFactory();
        var batchSizes = new ConcurrentQueue<int>();
        var outcomes = new ConcurrentQueue<string>();
        var depths = new ConcurrentQueue<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (meters.Created(instrument.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
            (instrument.Name == "actorrec.inference.batch.size" ? batchSizes : depths).Enqueue(value));
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                for (var i = 0; i < value; i++)
                {
                    outcomes.Enqueue((string)tag.Value!);
                }
            }
        });
        listener.Start();
        using var harness = await InferenceHarness.StartAsync(meters: meters);

        for (var i = 0; i < 3; i++)
        {
            await harness.Engine.SubmitAsync(new InferenceRequest(null, harness.VersionA, i, K, []), Ct);
        }

        await Assert.ThrowsAsync<ModelVersionMismatchException>(() => harness.Engine.SubmitAsync(new InferenceRequest(null, "another", 1, K, []), Ct));
        listener.RecordObservableInstruments();

        Assert.Equal([1, 1, 1], batchSizes);
        Assert.Equal(["ok", "ok", "ok", "version_mismatch"], outcomes);
        Assert.Equal([0], depths);
    }

    private static RankedList<int> Ranked(InferenceResult result, int skip = 0, int take = int.MaxValue) =>
        new([.. result.TopItems.Skip(skip).Take(take)], [.. result.TopScores.Skip(skip).Take(take)]);
}
