using ActorRec.Grains.ClickLog;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Grains.Tests.ClickLog;

public sealed class FileClickLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1000)]
    [InlineData(0)]
    public async Task Appended_clicks_read_back_in_order_page_by_page_and_a_read_at_the_end_returns_its_position(int flushMilliseconds)
    {
        using var folder = new TempFolder();
        var clicks = ClickLogs.Clicks("s", 100).ToList();

        // Ids beyond ASCII, an empty event type and extreme numbers: the record format must carry them as they are.
        clicks.Add(new LoggedClick("sessão-ü-🛒", long.MaxValue, "item/ß", "", long.MinValue));
        using (var log = ClickLogs.Open(folder.Path, flushInterval: TimeSpan.FromMilliseconds(flushMilliseconds)))
        {
            var empty = await log.ReadAsync(null, 10, Ct);
            Assert.Empty(empty.Clicks);
            Assert.Equal("", empty.Next);
            foreach (var click in clicks)
            {
                await log.AppendAsync(click, Ct);
            }

            var (read, end) = await ClickLogs.ReadAllAsync(log, pageSize: 7);
            Assert.Equal(clicks, read);

            var atEnd = await log.ReadAsync(end, 7, Ct);
            Assert.Empty(atEnd.Clicks);
            Assert.Equal(end, atEnd.Next);

            // A position taken before later appends continues with exactly those.
            var more = ClickLogs.Clicks("t", 3).ToList();
            foreach (var click in more)
            {
                await log.AppendAsync(click, Ct);
            }

            var next = await log.ReadAsync(end, 100, Ct);
            Assert.Equal(more, next.Clicks);
            Assert.NotEqual(end, next.Next);
            clicks.AddRange(more);
        }

        // Reopened, the log holds the same clicks.
        using var reopened = ClickLogs.Open(folder.Path);
        Assert.Equal(clicks, (await ClickLogs.ReadAllAsync(reopened, pageSize: 1000)).Clicks);
    }

    [Fact]
    public async Task A_full_segment_rolls_over_to_the_next_and_reads_continue_across_segments()
    {
        using var folder = new TempFolder();
        var clicks = ClickLogs.Clicks("roll", 400).ToList();
        using var log = ClickLogs.Open(folder.Path, segmentBytes: 4096, retainSegments: 1000);
        foreach (var click in clicks)
        {
            await log.AppendAsync(click, Ct);
        }

        var segments = ClickLogs.Segments(folder.Path);
        Assert.True(segments.Length >= 5, $"400 records of about 50 bytes in 4 KiB segments made {segments.Length} segment(s)");
        Assert.All(segments, path => Assert.True(new FileInfo(path).Length <= 4096, $"{Path.GetFileName(path)} is {new FileInfo(path).Length} bytes, over the segment size"));
        Assert.Equal(clicks, (await ClickLogs.ReadAllAsync(log, pageSize: 33)).Clicks);
    }

    [Fact]
    public async Task Segments_beyond_retention_are_deleted_and_a_position_in_a_deleted_one_reads_on_from_the_oldest_retained()
    {
        using var folder = new TempFolder();
        using var log = ClickLogs.Open(folder.Path, segmentBytes: 4096, retainSegments: 2);
        await log.AppendAsync(ClickLogs.Clicks("old", 1).Single(), Ct);
        var stale = (await log.ReadAsync(null, 1, Ct)).Next;
        var clicks = ClickLogs.Clicks("retention", 1000).ToList();
        foreach (var click in clicks)
        {
            await log.AppendAsync(click, Ct);
        }

        // Two closed segments and the one being written.
        Assert.Equal(3, ClickLogs.Segments(folder.Path).Length);
        var retained = (await ClickLogs.ReadAllAsync(log, pageSize: 100)).Clicks;
        Assert.InRange(retained.Count, 1, clicks.Count - 1);
        Assert.Equal(clicks[^retained.Count..], retained);

        var fromStale = await log.ReadAsync(stale, 1, Ct);
        Assert.Equal(retained[0], Assert.Single(fromStale.Clicks));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(11)]
    public async Task A_segment_cut_inside_its_last_record_is_truncated_on_reopen_and_appends_continue_after_the_whole_records(int cutBytes)
    {
        using var folder = new TempFolder();
        var clicks = ClickLogs.Clicks("torn", 50).ToList();
        using (var log = ClickLogs.Open(folder.Path))
        {
            foreach (var click in clicks)
            {
                await log.AppendAsync(click, Ct);
            }
        }

        var segment = ClickLogs.Segments(folder.Path).Single();
        var length = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(length - cutBytes);
        }

        var more = ClickLogs.Clicks("after", 10).ToList();
        using (var log = ClickLogs.Open(folder.Path))
        {
            Assert.Equal(clicks[..^1], (await ClickLogs.ReadAllAsync(log, pageSize: 16)).Clicks);
            foreach (var click in more)
            {
                await log.AppendAsync(click, Ct);
            }

            Assert.Equal([.. clicks[..^1], .. more], (await ClickLogs.ReadAllAsync(log, pageSize: 16)).Clicks);
        }

        // The recovered file ends in whole records: closed and reopened, nothing more is cut.
        using var again = ClickLogs.Open(folder.Path);
        Assert.Equal([.. clicks[..^1], .. more], (await ClickLogs.ReadAllAsync(again, pageSize: 1000)).Clicks);
    }

    [Fact]
    public async Task Garbage_after_the_last_record_is_truncated_on_reopen()
    {
        using var folder = new TempFolder();
        var clicks = ClickLogs.Clicks("garbage", 20).ToList();
        using (var log = ClickLogs.Open(folder.Path))
        {
            foreach (var click in clicks)
            {
                await log.AppendAsync(click, Ct);
            }
        }

        var segment = ClickLogs.Segments(folder.Path).Single();
        var validLength = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Append, FileAccess.Write))
        {
            // What a crash can leave: a length that promises a record (zeros in its checksum), then zeros or junk.
            file.Write([0, 0, 0, 0, 40, 0, 0, 0, 1, 2, 3]);
            file.Write(new byte[100]);
        }

        using var reopened = ClickLogs.Open(folder.Path);
        Assert.Equal(clicks, (await ClickLogs.ReadAllAsync(reopened, pageSize: 1000)).Clicks);
        Assert.Equal(validLength, new FileInfo(segment).Length);
    }

    [Fact]
    public async Task Concurrent_appenders_each_find_every_click_once_and_in_their_own_order()
    {
        using var folder = new TempFolder();
        const int Appenders = 8;
        const int PerAppender = 500;
        using var log = ClickLogs.Open(folder.Path, segmentBytes: 64 * 1024, retainSegments: 1000);
        await Task.WhenAll(Enumerable.Range(0, Appenders).Select(a => Task.Run(
            async () =>
            {
                foreach (var click in ClickLogs.Clicks($"appender-{a}", PerAppender))
                {
                    await log.AppendAsync(click, Ct);
                }
            },
            Ct)));

        var read = (await ClickLogs.ReadAllAsync(log, pageSize: 512)).Clicks;
        Assert.Equal(Appenders * PerAppender, read.Count);
        foreach (var appender in read.GroupBy(c => c.SessionId))
        {
            Assert.Equal(Enumerable.Range(1, PerAppender).Select(i => (long)i), appender.Select(c => c.Seq));
        }
    }

    [Fact]
    public async Task A_second_log_on_the_same_folder_fails_to_open_and_appends_after_dispose_throw()
    {
        using var folder = new TempFolder();
        var log = ClickLogs.Open(folder.Path);
        var error = Assert.Throws<InvalidOperationException>(() => ClickLogs.Open(folder.Path));
        Assert.Contains("Another process", error.Message, StringComparison.Ordinal);

        log.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await log.AppendAsync(ClickLogs.Clicks("late", 1).Single(), Ct));
        using var next = ClickLogs.Open(folder.Path);
        Assert.Empty((await next.ReadAsync(null, 10, Ct)).Clicks);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("1:3")]
    [InlineData("9:8")]
    [InlineData("1:99999")]
    public async Task A_position_this_log_did_not_return_is_refused(string position)
    {
        using var folder = new TempFolder();
        using var log = ClickLogs.Open(folder.Path);
        await log.AppendAsync(ClickLogs.Clicks("p", 1).Single(), Ct);
        await Assert.ThrowsAsync<ArgumentException>(() => log.ReadAsync(position, 10, Ct));
    }
}
