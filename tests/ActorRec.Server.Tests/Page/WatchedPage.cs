using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace ActorRec.Server.Tests.Page;

/// <summary>A page in its own browser context, with what a user would notice going wrong: console errors, script errors, failed requests.</summary>
public sealed class WatchedPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _problems = new();

    internal WatchedPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _problems.Enqueue($"console error: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => _problems.Enqueue($"uncaught error: {error}");
        page.RequestFailed += (_, request) => _problems.Enqueue($"request failed: {request.Method} {request.Url}: {request.Failure}");
    }

    public IPage Page { get; }

    /// <summary>Everything that went wrong so far, minus what <paramref name="expected"/> accepts.</summary>
    public IReadOnlyList<string> Problems(Func<string, bool>? expected = null) => [.. _problems.Where(p => expected is null || !expected(p))];

    /// <summary>Saves a screenshot of the whole page under the repository's artifacts/page folder and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "page");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    /// <summary>The folder holding ActorRec.sln above the test binaries (or the working directory when there is none).</summary>
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ActorRec.sln")))
            {
                return folder.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
