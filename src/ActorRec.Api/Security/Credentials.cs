using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ActorRec.Api.Security;

/// <summary>Where a caller's credentials are: <c>authorization: Bearer &lt;API key or JWT&gt;</c>, or <c>x-api-key</c>.</summary>
internal static class Credentials
{
    public const string ApiKeyHeader = "x-api-key";

    public static bool Present(HttpRequest request) =>
        request.Headers.ContainsKey(HeaderNames.Authorization) || request.Headers.ContainsKey(ApiKeyHeader);

    /// <summary>The bearer token or API key sent, or null.</summary>
    public static string? Token(HttpRequest request)
    {
        if (request.Headers[ApiKeyHeader].FirstOrDefault() is { Length: > 0 } key)
        {
            return key.Trim();
        }

        var authorization = request.Headers.Authorization.FirstOrDefault();
        return authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
    }

    /// <summary>Whether the token is shaped like an ActorRec API key (else it is taken for a JWT).</summary>
    public static bool IsApiKey(string token) => token.StartsWith(ApiKeyRules.Prefix, StringComparison.Ordinal);
}
