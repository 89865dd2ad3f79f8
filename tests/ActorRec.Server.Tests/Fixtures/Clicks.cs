using ActorRec.Contracts.V1;
using Xunit;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>Click events on real items of the fixture's test set, and a reference way of sending them.</summary>
internal static class Clicks
{
    /// <summary>The first <paramref name="count"/> distinct items of the test sessions; all are in the model's vocabulary.</summary>
    public static string[] KnownItems(ServerFixture server, int count)
    {
        var test = server.Data.Test;
        var items = test.Items.Distinct().Take(count).Select(i => test.Vocabulary[i]).ToArray();
        Assert.True(items.Length == count, $"The test set has {items.Length} distinct items; {count} are needed.");
        return items;
    }

    /// <summary>A session id no other test or run uses.</summary>
    public static string NewSessionId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static ClickEvent Click(string sessionId, long seq, string itemId, int k) =>
        new() { SessionId = sessionId, Seq = seq, ItemId = itemId, K = k };

    /// <summary>
    /// Clicks <paramref name="items"/> one at a time into a new session (seq 1, 2, ...) with unary calls and returns
    /// the answers: what the active model gives for these items when nothing else happens to the session.
    /// </summary>
    public static async Task<Recommendation[]> ReferenceAsync(Recommender.RecommenderClient client, string prefix, IReadOnlyList<string> items, int k, CancellationToken cancellationToken)
    {
        var sessionId = NewSessionId(prefix);
        var answers = new Recommendation[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            answers[i] = await client.ClickAsync(Click(sessionId, i + 1, items[i], k), cancellationToken: cancellationToken);
        }

        return answers;
    }
}
