using System.Globalization;
using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using ActorRec.Server.Tests.Security;
using Microsoft.Playwright;
using Xunit;

namespace ActorRec.Server.Tests.Page;

/// <summary>
/// The live page in a real Chromium against a real server on sockets, serving the model the collection's fixture trained
/// on yoochoose-100k: what a user clicks and sees, checked against what the gRPC API says for the same session.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class LivePageTests(ServerFixture fixture, PageBrowser browser) : IClassFixture<PageBrowser>
{
    /// <summary>A refused resource is logged by the browser itself; the page then shows why instead of the numbers.</summary>
    private static readonly Func<string, bool> RefusedMetricsScrape = problem => problem.Contains("/metrics", StringComparison.Ordinal) && problem.Contains("403", StringComparison.Ordinal);

    [Fact]
    public async Task Each_click_shows_the_list_the_grpc_api_gives_for_the_same_session_and_the_online_view_charts_it()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        // A copy: activating from the page records the version in the store, which other servers of the collection read.
        using var store = new ActorRec.Testing.TempFolder();
        CheckpointCopies.CopyAll(fixture.StoreDirectory, store.Path);
        await using var server = new PageServer(store.Path);
        await using var watched = await browser.OpenAsync(server.PageAddress);
        var page = watched.Page;
        await WaitUntilReadyAsync(page);
        var sessionId = await page.InnerTextAsync("#session-id");
        var shown = await ShownAsync(page);
        Assert.Equal(0, shown.Seq);
        Assert.NotEmpty(shown.Items);

        var items = Clicks.KnownItems(fixture, 3);
        for (var i = 0; i < items.Length; i++)
        {
            // Found through the catalogue search, as a user would.
            await page.FillAsync("#catalog-query", items[i]);
            await page.ClickAsync($"#catalog-items button[data-item='{items[i]}']");
            await page.WaitForFunctionAsync("seq => document.getElementById('recommendations').dataset.seq === String(seq)", i + 1);

            var previous = shown;
            shown = await ShownAsync(page);
            Assert.False(previous.Items.Select(x => x.ItemId).SequenceEqual(shown.Items.Select(x => x.ItemId)), $"click {i + 1} ({items[i]}) left the list as it was");

            // The session the page built is the server's: the API returns the same list for it.
            var expected = await server.Recommender.GetRecommendationsAsync(new GetRecommendationsRequest { SessionId = sessionId }, cancellationToken: ct);
            Assert.Equal(i + 1, expected.Seq);
            RecommendationAssert.SameRanking(expected, shown, $"the page's list after click {i + 1}");
            Assert.Equal(fixture.VersionId, shown.ModelVersion);
        }

        Assert.Contains("round trip", await page.InnerTextAsync("#session-status"), StringComparison.Ordinal);
        await watched.ScreenshotAsync("live-page.png");

        // Real test sessions replayed over gRPC while the online view polls: each click after a session's first scores the
        // answer before it, and the chart draws the version's line through the polls.
        await page.ClickAsync("a[data-tab='online']");
        var replay = await SessionReplay.RunAsync([server.Recommender], fixture.Data.Test, [.. Enumerable.Range(0, 60)], Clicks.NewSessionId("page-load"), _ => 20, streamsPerClient: 2, ct);
        var events = 2 + replay.Items.Sum(items => items.Length - 1);
        var online = await server.Admin.GetOnlineMetricsAsync(new GetOnlineMetricsRequest(), cancellationToken: ct);
        Assert.Equal(events, Assert.Single(online.Models).Events);
        await page.WaitForFunctionAsync("events => document.querySelector('#online-table tr td:nth-child(2)')?.textContent === String(events)", events);
        var line = await page.GetAttributeAsync($"#online-chart polyline.series.hitRate[data-version='{fixture.VersionId}']", "points") ?? "";
        Assert.True(line.Split(' ').Length >= 2, $"the chart's HitRate line has points '{line}'");
        Assert.Equal(2, await page.Locator($"#online-chart polyline.series[data-version='{fixture.VersionId}']").CountAsync());
        await page.WaitForFunctionAsync("() => !['', '–'].includes(document.getElementById('stat-p99').textContent) && !['', '–'].includes(document.getElementById('stat-batch').textContent)");

        // Anonymous on loopback holds every scope: the operator's control is there, and it works.
        var activate = page.Locator($"button[data-activate='{fixture.SecondVersionId}']");
        await activate.WaitForAsync();
        await watched.ScreenshotAsync("live-page-online.png");
        await activate.ClickAsync();
        await page.Locator($"#models tr.active[data-version='{fixture.SecondVersionId}']").WaitForAsync();
        Assert.Equal(fixture.SecondVersionId, (await server.Admin.GetActiveModelAsync(new GetActiveModelRequest(), cancellationToken: ct)).VersionId);

        NoProblems(watched.Problems());
    }

    [Fact]
    public async Task With_keys_the_page_asks_for_one_and_shows_the_activation_control_only_to_the_admin_scope()
    {
        fixture.RequireServer();
        using var folder = new ActorRec.Testing.TempFolder();
        var keysFile = Path.Combine(folder.Path, "keys.json");
        var viewerKey = TestKeys.New("viewer");
        var operatorKey = TestKeys.New("operator");
        TestKeys.WriteFile(keysFile, [
            TestKeys.Entry("viewer", viewerKey, "viewer", "recommend"),
            TestKeys.Entry("operator", operatorKey, "operator", "recommend", "admin", "metrics"),
        ]);
        await using var server = new PageServer(fixture.StoreDirectory, new Dictionary<string, string> { ["Security:ApiKeysFile"] = keysFile });

        await using (var viewer = await browser.OpenAsync(server.PageAddress))
        {
            var page = viewer.Page;
            await page.Locator("#credential-form").WaitForAsync();
            await SubmitKeyAsync(page, "ar_nobody_" + new string('x', 43));
            await page.WaitForFunctionAsync("() => document.getElementById('credential-note').textContent.includes('refused')");
            await SubmitKeyAsync(page, viewerKey);
            await WaitUntilReadyAsync(page);
            Assert.NotEmpty((await ShownAsync(page)).Items);
            await page.WaitForFunctionAsync("() => document.getElementById('models-note').textContent.includes('admin scope')");
            Assert.Equal(0, await page.Locator("button[data-activate]").CountAsync());
            NoProblems(viewer.Problems(RefusedMetricsScrape));
        }

        await using var admin = await browser.OpenAsync(server.PageAddress);
        await admin.Page.Locator("#credential-form").WaitForAsync();
        await SubmitKeyAsync(admin.Page, operatorKey);
        await WaitUntilReadyAsync(admin.Page);
        await admin.Page.Locator($"button[data-activate='{fixture.SecondVersionId}']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        NoProblems(admin.Problems());
    }

    private static void NoProblems(IReadOnlyList<string> problems) =>
        Assert.True(problems.Count == 0, "The page had problems:\n" + string.Join("\n", problems));

    private static async Task SubmitKeyAsync(IPage page, string key)
    {
        await page.FillAsync("#credential", key);
        await page.ClickAsync("#credential-form button[type='submit']");
    }

    private static Task WaitUntilReadyAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.body.dataset.ready === 'true' && document.querySelectorAll('#recommendations li').length > 0");

    /// <summary>The list on screen as an answer: the items in order with the scores the page holds (full float precision).</summary>
    private static async Task<Recommendation> ShownAsync(IPage page)
    {
        var list = page.Locator("#recommendations");
        var rows = await page.EvaluateAsync<string[][]>("() => [...document.querySelectorAll('#recommendations li')].map(li => [li.dataset.item, li.dataset.score])");
        var answer = new Recommendation
        {
            Seq = long.Parse(await list.GetAttributeAsync("data-seq") ?? "-1", CultureInfo.InvariantCulture),
            ModelVersion = await list.GetAttributeAsync("data-model-version") ?? "",
        };
        answer.Items.AddRange(rows.Select(r => new ScoredItem { ItemId = r[0], Score = float.Parse(r[1], CultureInfo.InvariantCulture) }));
        return answer;
    }
}
