using ActorRec.Client;
using ActorRec.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using StackExchange.Redis;

namespace ActorRec.Cli.Faults;

/// <summary>
/// Checks a run from outside the client: the cluster's session state and click log against what the client was
/// told, and each session's final recommendations against a fault-free replay of its applied clicks.
/// </summary>
internal static class FaultVerifier
{
    /// <summary>Sessions read or replayed at once.</summary>
    private const int Parallelism = 16;

    /// <summary>How long reading every session's final state may take while the cluster settles; a session not read by then is a mismatch.</summary>
    private static readonly TimeSpan ReadDeadline = TimeSpan.FromSeconds(120);

    /// <summary>Each session's final state as the cluster serves it, read through any endpoint that answers.</summary>
    public static async Task<Dictionary<string, Recommendation>> ReadFinalStatesAsync(
        IReadOnlyList<GrpcChannel> channels, IReadOnlyList<SessionTrack> sessions, int k, CancellationToken cancellationToken)
    {
        var finals = new Dictionary<string, Recommendation>(StringComparer.Ordinal);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ReadDeadline);
        await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (track, ct) =>
        {
            var answer = await GetRecommendationsAsync(channels, track.Id, k, deadline.Token, ct);
            if (answer is not null)
            {
                lock (finals)
                {
                    finals[track.Id] = answer;
                }
            }
        });
        return finals;
    }

    /// <summary>The click log as the stream holds it, per session in stream order, read with XRANGE page by page.</summary>
    public static async Task<Dictionary<string, List<(long Seq, string ItemId)>>> ReadLogAsync(IDatabase redis, string streamKey, Verification result)
    {
        var log = new Dictionary<string, List<(long, string)>>(StringComparer.Ordinal);
        RedisValue start = "-";
        while (true)
        {
            var page = await redis.StreamRangeAsync(streamKey, start, "+", count: 10_000);
            foreach (var entry in page)
            {
                var session = entry["session_id"].ToString();
                if (!log.TryGetValue(session, out var clicks))
                {
                    clicks = [];
                    log.Add(session, clicks);
                }

                clicks.Add(((long)entry["seq"], entry["item_id"].ToString()));
            }

            result.LogEntries += page.Length;
            if (page.Length < 10_000)
            {
                return log;
            }

            start = $"({page[^1].Id}";
        }
    }

    /// <summary>
    /// Compares each session's final state and log with the clicks sent, answered and learned at resumes; returns the
    /// clicks each session holds as applied (in seq order), for the fault-free replay.
    /// </summary>
    public static Dictionary<string, IReadOnlyList<ReplayedClick>> CheckStateAndLog(
        IReadOnlyList<SessionTrack> sessions,
        IReadOnlyDictionary<string, Recommendation> finals,
        IReadOnlyDictionary<string, List<(long Seq, string ItemId)>> log,
        Verification result)
    {
        var applied = new Dictionary<string, IReadOnlyList<ReplayedClick>>(StringComparer.Ordinal);
        foreach (var track in sessions)
        {
            result.SessionsChecked++;
            List<ReplayedClick> sent = [.. track.Confirmed, .. track.Unanswered];
            result.OutOfOrder += track.WrongSeqAnswers;
            if (track.WrongSeqAnswers > 0)
            {
                result.Note($"{track.Id}: {track.WrongSeqAnswers} answers carried another seq than their click's");
            }

            if (track.Regressions > 0 || track.Overruns > 0)
            {
                result.Note($"{track.Id}: at a resume the server reported {(track.Regressions > 0 ? "fewer clicks than were answered" : "more clicks than were sent")}");
                result.Lost += track.Regressions;
                result.AppliedTwice += track.Overruns;
            }

            if (!finals.TryGetValue(track.Id, out var final))
            {
                result.StateMismatches++;
                result.Note($"{track.Id}: the cluster did not answer GetRecommendations");
                continue;
            }

            var last = final.Seq;
            var acknowledged = track.Answers.Keys.ToList();
            var forgotten = acknowledged.Count(seq => seq > last);
            if (forgotten > 0)
            {
                result.Lost += forgotten;
                result.Note($"{track.Id}: {forgotten} acknowledged clicks are not in the state (its seq is {last}, {track.LastAcknowledged} were acknowledged)");
            }

            if (last > sent.Count)
            {
                result.AppliedTwice += (int)(last - sent.Count);
                result.Note($"{track.Id}: the state's seq is {last} but only {sent.Count} clicks were sent");
            }

            CheckLog(track, sent, last, log.GetValueOrDefault(track.Id) ?? [], result);
            applied[track.Id] = sent.Take((int)Math.Min(last, sent.Count)).ToList();
        }

        return applied;
    }

    /// <summary>
    /// Replays each session's applied clicks on the fault-free silo and compares its final recommendations with the
    /// cluster's under the near-tie rule.
    /// </summary>
    public static async Task CompareWithReplayAsync(
        ServiceProcess reference,
        IReadOnlyDictionary<string, IReadOnlyList<ReplayedClick>> applied,
        IReadOnlyDictionary<string, Recommendation> finals,
        int k,
        float tolerance,
        Verification result,
        CancellationToken cancellationToken)
    {
        using var client = new ActorRecClient([reference.Channel], new ActorRecClientOptions { K = k });
        var recommender = new Recommender.RecommenderClient(reference.Channel);
        var lockResult = new Lock();
        await Parallel.ForEachAsync(applied.Where(a => a.Value.Count > 0), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (pair, ct) =>
        {
            var (sessionId, clicks) = pair;
            await using var session = client.StartSession(sessionId);
            foreach (var click in clicks)
            {
                _ = session.ClickAsync(click.ItemId, click.EventType);
            }

            await session.CompleteAsync();
            var expected = await recommender.GetRecommendationsAsync(new GetRecommendationsRequest { SessionId = sessionId, K = k }, cancellationToken: ct);
            var actual = finals[sessionId];
            var difference = expected.ModelVersion != actual.ModelVersion
                ? $"served by {actual.ModelVersion}, the replay by {expected.ModelVersion}"
                : expected.Seq != actual.Seq
                    ? $"seq {actual.Seq}, the replay's {expected.Seq}"
                    : TopKAgreement.Difference(expected.Items, actual.Items, tolerance);
            if (difference is not null)
            {
                lock (lockResult)
                {
                    result.StateMismatches++;
                    result.Note($"{sessionId}: final recommendations differ from the fault-free replay: {difference}");
                }
            }
        });
    }

    /// <summary>Every acknowledged seq is logged, each seq with the click sent under it, first appearances in seq order.</summary>
    private static void CheckLog(SessionTrack track, List<ReplayedClick> sent, long last, List<(long Seq, string ItemId)> entries, Verification result)
    {
        var seen = new HashSet<long>();
        long highest = 0;
        foreach (var (seq, item) in entries)
        {
            if (seq < 1 || seq > sent.Count || sent[(int)seq - 1].ItemId != item)
            {
                result.AppliedTwice++;
                result.Note($"{track.Id}: the log holds seq {seq} with item {item}, which is not the click sent under that seq");
                continue;
            }

            if (!seen.Add(seq))
            {
                result.LogRepeats++;
                continue;
            }

            if (seq != highest + 1)
            {
                result.OutOfOrder++;
                result.Note($"{track.Id}: the log holds seq {seq} right after seq {highest}");
            }

            highest = Math.Max(highest, seq);
            if (seq > last)
            {
                result.LoggedNotApplied++;
            }
        }

        var missing = track.Answers.Keys.Where(seq => !seen.Contains(seq)).ToList();
        if (missing.Count > 0)
        {
            result.Lost += missing.Count;
            result.Note($"{track.Id}: acknowledged seq {string.Join(", ", missing.Take(5))} not in the click log");
        }
    }

    /// <summary>The session's state through the first endpoint that answers; null when none has by <paramref name="giveUp"/>.</summary>
    private static async Task<Recommendation?> GetRecommendationsAsync(
        IReadOnlyList<GrpcChannel> channels, string sessionId, int k, CancellationToken giveUp, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(giveUp, cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await new Recommender.RecommenderClient(channels[attempt % channels.Count]).GetRecommendationsAsync(
                    new GetRecommendationsRequest { SessionId = sessionId, K = k }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: deadline.Token);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.Internal)
            {
                // The cluster is still settling after the last fault.
            }
            catch (Exception e) when (e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled } && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }
}
