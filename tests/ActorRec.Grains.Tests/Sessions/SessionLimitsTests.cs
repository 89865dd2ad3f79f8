using ActorRec.Abstractions;
using Xunit;

namespace ActorRec.Grains.Tests.Sessions;

/// <summary>The limits a session grain enforces: seq order, unknown ids kept, and its tenant's active sessions.</summary>
public sealed class SessionLimitsTests
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    [Fact]
    public async Task A_seq_of_long_MaxValue_is_refused_and_the_session_goes_on_with_the_next_seq()
    {
        await using var cluster = await SessionCluster.StartAsync();

        // On a fresh session: refused, and the first click is still seq 1.
        await Assert.ThrowsAsync<SeqOutOfOrderException>(() => cluster.ClickAsync("s", long.MaxValue, "item-1"));
        Assert.Equal(1, (await cluster.ClickAsync("s", 1, "item-1")).Seq);

        // On a running session: refused, nothing changes, and seq 2 follows seq 1.
        await Assert.ThrowsAsync<SeqOutOfOrderException>(() => cluster.ClickAsync("s", long.MaxValue, "item-2"));
        var next = await cluster.ClickAsync("s", 2, "item-2");

        Assert.Equal(2, next.Seq);
        Assert.False(next.Duplicate);
        var stored = await cluster.StoredStateAsync("s");
        Assert.Equal(2, stored.LastSeq);
        Assert.Equal(["item-1", "item-2"], stored.History);
        Assert.Equal(2, cluster.Log.Count);
    }

    [Fact]
    public async Task Unknown_ids_beyond_the_cap_are_answered_and_logged_but_not_kept()
    {
        await using var cluster = await SessionCluster.StartAsync(sessions: o => o.MaxUnknownItems = 2);
        string[] items = ["item-1", "junk-1", "junk-2", "junk-3", "item-2", "junk-4"];

        var replies = new List<SessionRecommendation>();
        for (var i = 0; i < items.Length; i++)
        {
            replies.Add(await cluster.ClickAsync("s", i + 1, items[i]));
        }

        Assert.Equal([false, true, true, true, false, true], replies.Select(r => r.UnknownItem));
        Assert.Equal(items.Length, cluster.Log.Count);
        var stored = await cluster.StoredStateAsync("s");
        Assert.Equal(["item-1", "junk-1", "junk-2", "item-2"], stored.History);
        Assert.Equal([false, true, true, false], stored.HistoryUnknown);
        Assert.Equal(items.Length, stored.LastSeq);
    }

    [Fact]
    public async Task The_first_click_of_a_session_beyond_its_tenants_limit_is_refused_and_leaves_no_trace()
    {
        await using var cluster = await SessionCluster.StartAsync(sessions: o => (o.MaxActivePerTenant, o.IdleTimeout) = (2, IdleTimeout));
        await cluster.ClickAsync(SessionKey.For("acme", "a"), 1, "item-1");
        await cluster.ClickAsync(SessionKey.For("acme", "b"), 1, "item-1");

        var refused = await Assert.ThrowsAsync<QuotaExceededException>(() => cluster.ClickAsync(SessionKey.For("acme", "c"), 1, "item-1"));

        Assert.Contains("Sessions:MaxActivePerTenant", refused.Message, StringComparison.Ordinal);
        Assert.Contains("acme", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionKey.For("acme", "c"), await cluster.LoggedSessionsAsync());
        Assert.Equal(0, (await cluster.StoredStateAsync(SessionKey.For("acme", "c"))).LastSeq);

        // The admitted sessions go on, another tenant and sessions without a tenant are not limited by acme's count.
        await cluster.ClickAsync(SessionKey.For("acme", "a"), 2, "item-2");
        await cluster.ClickAsync(SessionKey.For("other", "c"), 1, "item-1");
        await cluster.ClickAsync("plain", 1, "item-1");
        Assert.Equal(2, await cluster.Tenant("acme").CountActiveAsync());
    }

    [Fact]
    public async Task A_slot_comes_free_once_its_session_has_been_idle_for_the_idle_timeout()
    {
        await using var cluster = await SessionCluster.StartAsync(sessions: o => (o.MaxActivePerTenant, o.IdleTimeout) = (1, IdleTimeout));
        await cluster.ClickAsync(SessionKey.For("acme", "a"), 1, "item-1");
        await Assert.ThrowsAsync<QuotaExceededException>(() => cluster.ClickAsync(SessionKey.For("acme", "b"), 1, "item-1"));

        cluster.Clock.Advance(IdleTimeout);

        Assert.Equal(1, (await cluster.ClickAsync(SessionKey.For("acme", "b"), 1, "item-1")).Seq);
    }

    [Fact]
    public async Task A_session_that_keeps_being_clicked_keeps_its_slot_past_its_first_lease()
    {
        await using var cluster = await SessionCluster.StartAsync(sessions: o => (o.MaxActivePerTenant, o.IdleTimeout) = (1, IdleTimeout));
        await cluster.ClickAsync(SessionKey.For("acme", "a"), 1, "item-1");
        cluster.Clock.Advance(TimeSpan.FromMinutes(20));
        await cluster.ClickAsync(SessionKey.For("acme", "a"), 2, "item-2");

        // Forty minutes after its first click, twenty after its last: still active, so still counted.
        cluster.Clock.Advance(TimeSpan.FromMinutes(20));

        await Assert.ThrowsAsync<QuotaExceededException>(() => cluster.ClickAsync(SessionKey.For("acme", "b"), 1, "item-1"));
        Assert.Equal(3, (await cluster.ClickAsync(SessionKey.For("acme", "a"), 3, "item-3")).Seq);
    }

    [Fact]
    public async Task Ending_a_session_gives_its_slot_back()
    {
        await using var cluster = await SessionCluster.StartAsync(sessions: o => o.MaxActivePerTenant = 1);
        await cluster.ClickAsync(SessionKey.For("acme", "a"), 1, "item-1");

        Assert.True(await cluster.Session(SessionKey.For("acme", "a")).EndAsync());

        // The release is one-way, sent as the ended session leaves memory.
        await Deadline.UntilAsync(async () => await cluster.Tenant("acme").CountActiveAsync() == 0, "the ended session's slot to be released");
        Assert.Equal(1, (await cluster.ClickAsync(SessionKey.For("acme", "b"), 1, "item-1")).Seq);
    }

    [Fact]
    public async Task Sessions_without_a_tenant_are_limited_only_when_configured()
    {
        await using var cluster = await SessionCluster.StartAsync(sessions: o => o.MaxActiveWithoutTenant = 1);
        await cluster.ClickAsync("a", 1, "item-1");

        var refused = await Assert.ThrowsAsync<QuotaExceededException>(() => cluster.ClickAsync("b", 1, "item-1"));

        Assert.Contains("Sessions:MaxActiveWithoutTenant", refused.Message, StringComparison.Ordinal);
    }
}
