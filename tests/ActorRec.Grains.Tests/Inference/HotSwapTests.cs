using System.Collections.Concurrent;
using ActorRec.Grains.Inference;
using Xunit;

namespace ActorRec.Grains.Tests.Inference;

public sealed class HotSwapTests
{
    private const int K = 5;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_batch_running_during_a_swap_finishes_on_the_old_model_which_is_then_retired()
    {
        using var harness = await InferenceHarness.StartAsync(gated: true);
        var retired = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Host.Retired += (_, e) => retired.TrySetResult(e.VersionId);
        var oldModel = harness.Host.Current!;
        harness.Gate.Close();
        var running = harness.Engine.SubmitAsync(new InferenceRequest(null, null, 0, K, []), Ct);
        harness.Gate.WaitUntilHeld();
        var queued = Enumerable.Range(1, 20).Select(i => harness.Engine.SubmitAsync(new InferenceRequest(null, null, i, K, []), Ct)).ToArray();

        await harness.Host.ActivateAsync(harness.VersionB, Ct);
        var leasedDuringSwap = oldModel.IsDisposed;
        harness.Gate.Open();
        var results = await Deadline.Within(Task.WhenAll([running, .. queued]), "the requests in flight during the swap");
        var later = await harness.Engine.SubmitAsync(new InferenceRequest(null, null, 21, K, []), Ct);

        Assert.False(leasedDuringSwap, "the old model was disposed while a batch still held it");
        Assert.Equal(harness.VersionA, results[0].ModelVersion);
        Assert.All(results.Skip(1), r => Assert.Equal(harness.VersionB, r.ModelVersion));
        Assert.Equal(harness.VersionB, later.ModelVersion);
        Assert.Equal(harness.VersionA, await Deadline.Within(retired.Task, "the old model to be retired"));
        Assert.True(oldModel.IsDisposed);
    }

    [Fact]
    public async Task Swapping_under_load_fails_no_request()
    {
        using var harness = await InferenceHarness.StartAsync();
        var retired = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Host.Retired += (_, e) => retired.TrySetResult(e.VersionId);
        var swapped = 0;
        var before = new ConcurrentBag<string>();
        var after = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();

        var clients = Enumerable.Range(0, 8).Select(client => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                // Read before submitting: a request sent after the swap completed must run on the new version.
                var sentAfterSwap = Volatile.Read(ref swapped) == 1;
                var result = await harness.Engine.SubmitAsync(new InferenceRequest(null, null, (client + i) % TestCheckpoints.Items, K, []), Ct);
                (sentAfterSwap ? after : before).Add(result.ModelVersion);
            }
        }, Ct)).ToArray();
        await Deadline.UntilAsync(() => before.Count >= 100, "requests on the first version");
        await harness.Host.ActivateAsync(harness.VersionB, Ct);
        Volatile.Write(ref swapped, 1);
        await Deadline.UntilAsync(() => after.Count >= 100, "requests on the second version");
        await stop.CancelAsync();
        await Deadline.Within(Task.WhenAll(clients), "the clients to finish");

        Assert.Subset(new HashSet<string> { harness.VersionA, harness.VersionB }, before.ToHashSet());
        Assert.All(after, version => Assert.Equal(harness.VersionB, version));
        Assert.Equal(harness.VersionA, await Deadline.Within(retired.Task, "the old model to be retired"));
    }
}
