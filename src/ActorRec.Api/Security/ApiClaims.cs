using System.Security.Claims;

namespace ActorRec.Api.Security;

/// <summary>The claims ActorRec reads from an authenticated caller, whichever way it authenticated.</summary>
public static class ApiClaims
{
    /// <summary>Who is calling, for limits per principal: <c>key:&lt;id&gt;</c>, <c>jwt:&lt;tenant&gt;</c> or <c>anonymous</c>.</summary>
    public const string Principal = "actorrec:principal";

    /// <summary>Whose sessions the caller reaches; absent for anonymous callers (no tenant).</summary>
    public const string Tenant = "actorrec:tenant";

    /// <summary>Space-separated scopes, as OAuth 2.0 access tokens carry them.</summary>
    public const string Scope = "scope";

    /// <summary>Scopes as some identity providers write them (Entra ID: <c>scp</c>).</summary>
    public const string AlternateScope = "scp";

    public static string TenantOf(ClaimsPrincipal user) => user.FindFirst(Tenant)?.Value ?? "";

    public static string PrincipalOf(ClaimsPrincipal user) => user.FindFirst(Principal)?.Value ?? "anonymous";

    public static bool HasScope(ClaimsPrincipal user, string scope) =>
        user.Identity?.IsAuthenticated == true
        && user.Claims
            .Where(c => c.Type is Scope or AlternateScope)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Contains(scope, StringComparer.Ordinal);

    /// <summary>An authenticated identity with ActorRec's claims.</summary>
    public static ClaimsIdentity Identity(string authenticationType, string principal, string? tenant, IEnumerable<string> scopes)
    {
        var claims = new List<Claim> { new(Principal, principal), new(Scope, string.Join(' ', scopes)) };
        if (!string.IsNullOrEmpty(tenant))
        {
            claims.Add(new Claim(Tenant, tenant));
        }

        return new ClaimsIdentity(claims, authenticationType, Principal, null);
    }
}
