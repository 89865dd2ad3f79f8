using ActorRec.Grains.ClickLog;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace ActorRec.Grains.Tests.ClickLog;

/// <summary>Opening file logs in a test folder, clicks to append, and reading a log to its end.</summary>
internal static class ClickLogs
{
    public static FileClickLog Open(string directory, long segmentBytes = 1 << 20, int retainSegments = 8, TimeSpan? flushInterval = null) =>
        new(
            Options.Create(new ClickLogOptions
            {
                Directory = directory,
                SegmentBytes = segmentBytes,
                RetainSegments = retainSegments,
                FlushInterval = flushInterval ?? TimeSpan.FromSeconds(1),
            }),
            NullLogger<FileClickLog>.Instance);

    /// <summary>Clicks 1..count of one session, on distinct items.</summary>
    public static IEnumerable<LoggedClick> Clicks(string sessionId, int count) =>
        Enumerable.Range(1, count).Select(i => new LoggedClick(sessionId, i, $"item-{i % 97}", i % 5 == 0 ? "cart" : "click", 1_700_000_000_000 + i));

    public static string[] Segments(string directory) => [.. Directory.GetFiles(directory, "*.clicklog").Order(StringComparer.Ordinal)];

    /// <summary>Reads from the oldest retained click until a page is empty; returns the clicks and the position at the end.</summary>
    public static async Task<(List<LoggedClick> Clicks, string End)> ReadAllAsync(IClickLog log, int pageSize)
    {
        var clicks = new List<LoggedClick>();
        string? position = null;
        while (true)
        {
            var page = await log.ReadAsync(position, pageSize, TestContext.Current.CancellationToken);
            Assert.True(page.Clicks.Count <= pageSize, $"a page of {page.Clicks.Count} clicks, {pageSize} asked");
            if (page.Clicks.Count == 0)
            {
                Assert.Equal(position ?? "", page.Next);
                return (clicks, page.Next);
            }

            clicks.AddRange(page.Clicks);
            position = page.Next;
        }
    }
}
