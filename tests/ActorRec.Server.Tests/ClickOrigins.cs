using System.Globalization;

namespace ActorRec.Server.Tests;

/// <summary>
/// A silo's count of clicks that reached its session grains, by where they entered the cluster (the
/// <c>actorrec_session_clicks_total</c> series of its Prometheus scrape).
/// </summary>
internal sealed record ClickOrigins(long Local, long Remote, long Gateway)
{
    public static async Task<ClickOrigins> ScrapeAsync(ServerUnderTest silo, CancellationToken cancellationToken)
    {
        using var http = silo.CreateHttpClient();
        var scrape = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in scrape.Split('\n'))
        {
            if (!line.StartsWith("actorrec_session_clicks_total{", StringComparison.Ordinal))
            {
                continue;
            }

            var start = line.IndexOf("origin=\"", StringComparison.Ordinal) + "origin=\"".Length;
            var origin = line[start..line.IndexOf('"', start)];
            var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            counts[origin] = counts.GetValueOrDefault(origin) + (long)double.Parse(value, CultureInfo.InvariantCulture);
        }

        return new ClickOrigins(counts.GetValueOrDefault("local"), counts.GetValueOrDefault("remote"), counts.GetValueOrDefault("gateway"));
    }

    public static ClickOrigins operator -(ClickOrigins after, ClickOrigins before) =>
        new(after.Local - before.Local, after.Remote - before.Remote, after.Gateway - before.Gateway);
}
