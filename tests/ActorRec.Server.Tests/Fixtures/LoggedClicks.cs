using ActorRec.Grains.ClickLog;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>Reading a whole click log, as training would, page by page from the oldest retained click.</summary>
internal static class LoggedClicks
{
    public static async Task<List<LoggedClick>> ReadAllAsync(IClickLog log, CancellationToken cancellationToken, int pageSize = 4096)
    {
        var clicks = new List<LoggedClick>();
        string? position = null;
        while (true)
        {
            var page = await log.ReadAsync(position, pageSize, cancellationToken);
            if (page.Clicks.Count == 0)
            {
                return clicks;
            }

            clicks.AddRange(page.Clicks);
            position = page.Next;
        }
    }
}
