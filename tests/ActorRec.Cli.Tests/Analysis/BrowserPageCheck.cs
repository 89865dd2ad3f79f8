using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit;

namespace ActorRec.Cli.Tests.Analysis;

/// <summary>
/// Opens a page in a real headless Chromium (the Debian package, driven through Playwright's bundled driver, so nothing is
/// downloaded) and lists what a reader would notice: script errors, console errors, failed or external requests, images
/// that did not decode, and sections that are missing or hidden.
/// </summary>
internal static class BrowserPageCheck
{
    /// <summary>Overrides where Chromium is looked for.</summary>
    public const string ChromiumVariable = "ACTORREC_CHROMIUM";

    /// <summary>The Chromium executable; skips the calling test when there is none.</summary>
    public static string RequireChromium()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable(ChromiumVariable), "/usr/bin/chromium", "/usr/bin/chromium-browser" };
        var found = candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c));
        if (found is null)
        {
            Assert.Skip($"No Chromium found (scripts/bootstrap.sh installs the Debian package 'chromium'; or set {ChromiumVariable}).");
        }

        return found;
    }

    public static async Task<IReadOnlyList<string>> ProblemsAsync(string chromium, string htmlFile, IReadOnlyList<(string Id, string Heading)> sections)
    {
        var problems = new ConcurrentQueue<string>();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
        var page = await browser.NewPageAsync();
        var address = new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Enqueue($"console error: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Enqueue($"uncaught error: {error}");
        page.RequestFailed += (_, request) => problems.Enqueue($"request failed: {request.Url}");
        page.Request += (_, request) =>
        {
            if (request.Url != address && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                problems.Enqueue($"request outside the file: {request.Url}");
            }
        };

        await page.GotoAsync(address, new() { WaitUntil = WaitUntilState.Load });
        foreach (var (id, heading) in sections)
        {
            var title = page.Locator($"section#{id} > h2");
            if (await title.CountAsync() != 1 || !await title.IsVisibleAsync())
            {
                problems.Enqueue($"section '{id}' is missing or hidden");
            }
            else if (await title.InnerTextAsync() is var text && text.Trim() != heading)
            {
                problems.Enqueue($"section '{id}' is headed '{text}', not '{heading}'");
            }
        }

        var broken = await page.EvaluateAsync<string[]>(
            "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt || i.src.slice(0, 40))");
        foreach (var image in broken)
        {
            problems.Enqueue($"image did not load: {image}");
        }

        return [.. problems];
    }
}
