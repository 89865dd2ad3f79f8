using Microsoft.Playwright;
using Xunit;

namespace ActorRec.Server.Tests.Page;

/// <summary>
/// One headless Chromium for the page tests: the Debian package, driven through Playwright's bundled driver, so that
/// nothing is downloaded. Tests skip where no Chromium is installed (scripts/bootstrap.sh installs it).
/// </summary>
public sealed class PageBrowser : IAsyncLifetime
{
    /// <summary>Overrides where Chromium is looked for.</summary>
    public const string ChromiumVariable = "ACTORREC_CHROMIUM";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        string?[] candidates = [Environment.GetEnvironmentVariable(ChromiumVariable), "/usr/bin/chromium", "/usr/bin/chromium-browser"];
        if (candidates.FirstOrDefault(File.Exists) is not { } chromium)
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
    }

    /// <summary>A fresh browser context (its own sessionStorage) with one page, watched for problems.</summary>
    public async Task<WatchedPage> OpenAsync(Uri address)
    {
        if (_browser is null)
        {
            Assert.Skip($"No Chromium found (scripts/bootstrap.sh installs the Debian package 'chromium'; or set {ChromiumVariable}).");
        }

        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 860 } });
        var page = await context.NewPageAsync();
        var watched = new WatchedPage(context, page);
        await page.GotoAsync(address.ToString());
        return watched;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
