using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ActorRec.Api.Page;

/// <summary>
/// The page's files, embedded in this assembly (plain HTML, CSS and ES modules: nothing to build), served from memory with
/// their content type, an ETag, and headers that let the browser run only these files.
/// </summary>
internal sealed class PageAssets
{
    /// <summary>
    /// Scripts and styles from this origin only, no inline code, no frames, calls only back to this server: a page that
    /// holds an admin key must not run anything else.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string ResourcePrefix = "page/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, Asset> _assets;

    /// <param name="generated">Files made at start (the contract and settings), by name, beside the embedded ones.</param>
    public PageAssets(IReadOnlyDictionary<string, byte[]> generated) => _assets = Load(generated);

    /// <summary>The page's file names (<c>index.html</c>, <c>app.js</c>, ...).</summary>
    public IEnumerable<string> Names => _assets.Keys;

    /// <summary>Writes the named file, or 404 for a name the page does not have.</summary>
    public Task ServeAsync(HttpContext context, string name)
    {
        var response = context.Response;
        if (!_assets.TryGetValue(name, out var asset))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        SetSecurityHeaders(response);

        // Revalidated on every load (cheap, 304): a server upgraded in place must not leave an old script running.
        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }

    public static void SetSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers[HeaderNames.XFrameOptions] = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static FrozenDictionary<string, Asset> Load(IReadOnlyDictionary<string, byte[]> generated)
    {
        var assembly = typeof(PageAssets).Assembly;
        var files = new Dictionary<string, byte[]>(generated, StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files.Add(resource[ResourcePrefix.Length..], copy.ToArray());
        }

        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var (name, content) in files)
        {
            if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
            {
                throw new InvalidOperationException($"The page file '{name}' has no known content type; add its extension to {nameof(PageAssets)}.");
            }

            assets[name] = new Asset(content, contentType, $"\"{Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 8))}\"");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
