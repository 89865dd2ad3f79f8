using ActorRec.Api;
using ActorRec.Grains.ClickLog;
using ActorRec.Server.Tests.Fixtures;
using Microsoft.Extensions.Options;
using Xunit;

namespace ActorRec.Server.Tests.ClickLogging;

/// <summary>The Redis stream click log against a real redis-server: round trip, paging, positions and trimming.</summary>
public sealed class RedisStreamClickLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Appended_clicks_read_back_in_order_page_by_page_and_a_read_at_the_end_returns_its_position()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var log = Open(redis, maxLength: 1_000_000);
        var empty = await log.ReadAsync(null, 10, Ct);
        Assert.Empty(empty.Clicks);
        Assert.Equal("", empty.Next);

        var clicks = Clicks("s", 250).Append(new LoggedClick("sessão-ü-🛒", long.MaxValue, "item/ß", "", long.MinValue)).ToList();
        foreach (var click in clicks)
        {
            await log.AppendAsync(click, Ct);
        }

        var read = new List<LoggedClick>();
        string? position = null;
        while (true)
        {
            var page = await log.ReadAsync(position, 64, Ct);
            if (page.Clicks.Count == 0)
            {
                Assert.Equal(position, page.Next);
                break;
            }

            Assert.True(page.Clicks.Count <= 64);
            read.AddRange(page.Clicks);
            position = page.Next;
        }

        Assert.Equal(clicks, read);

        // Clicks appended after a position are exactly what a read from it returns.
        var more = Clicks("t", 3).ToList();
        foreach (var click in more)
        {
            await log.AppendAsync(click, Ct);
        }

        Assert.Equal(more, (await log.ReadAsync(position, 100, Ct)).Clicks);
        await Assert.ThrowsAsync<ArgumentException>(() => log.ReadAsync("not-an-id", 1, Ct));
    }

    [Fact]
    public async Task The_stream_is_trimmed_to_about_MaxLength_and_reads_continue_from_the_oldest_entry_kept()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var log = Open(redis, maxLength: 100);
        await log.AppendAsync(Clicks("first", 1).Single(), Ct);
        var stale = (await log.ReadAsync(null, 1, Ct)).Next;
        var clicks = Clicks("trim", 1000).ToList();
        foreach (var click in clicks)
        {
            await log.AppendAsync(click, Ct);
        }

        var kept = await LoggedClicks.ReadAllAsync(log, Ct, pageSize: 128);

        // MAXLEN ~ trims whole stream nodes (100 entries each by default), so a node's worth more may stay.
        Assert.InRange(kept.Count, 100, 300);
        Assert.Equal(clicks[^kept.Count..], kept);
        Assert.Equal(kept[0], (await log.ReadAsync(stale, 1, Ct)).Clicks.Single());
    }

    private static RedisStreamClickLog Open(RedisServer redis, long maxLength) =>
        new(RedisConnection.Create(redis.ConfigurationString, caCertificate: null), Options.Create(new ClickLogOptions { StreamKey = $"test:clicks:{Guid.NewGuid():N}", MaxLength = maxLength }));

    private static IEnumerable<LoggedClick> Clicks(string sessionId, int count) =>
        Enumerable.Range(1, count).Select(i => new LoggedClick(sessionId, i, $"item-{i % 97}", "click", 1_700_000_000_000 + i));
}
