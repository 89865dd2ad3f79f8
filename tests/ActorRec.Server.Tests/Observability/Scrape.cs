using System.Net.Http.Headers;

namespace ActorRec.Server.Tests.Observability;

/// <summary>The Prometheus text a server exposes, and the metric names in it.</summary>
internal static class Scrape
{
    /// <summary>GETs /metrics through <paramref name="handler"/> (with <paramref name="bearer"/> when given; from <paramref name="baseAddress"/>, by default the in-memory server's) and returns the text.</summary>
    public static async Task<string> TextAsync(HttpMessageHandler handler, CancellationToken cancellationToken, string? bearer = null, Uri? baseAddress = null)
    {
        using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress ?? new Uri("http://localhost") };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>The names of the samples in a scrape: a histogram's _bucket, _sum and _count, a counter's _total.</summary>
    public static HashSet<string> Names(string scrape) =>
        scrape.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);
}
