namespace ActorRec.Abstractions;

/// <summary>
/// The key of a session grain: the client's session id, scoped to the tenant of the principal that sent it, so that
/// two tenants using the same session id reach two different sessions. Without authentication (a loopback-only
/// server) there is no tenant and the key is the session id itself.
/// </summary>
/// <remarks>
/// The separator is a control character, which the API refuses in session ids and tenant names, so a key splits back
/// into its parts unambiguously.
/// </remarks>
public static class SessionKey
{
    /// <summary>Between tenant and session id (U+001F, the unit separator).</summary>
    public const char Separator = '\u001f';

    /// <summary>The grain key of <paramref name="sessionId"/> sent by <paramref name="tenant"/> (null or empty: no tenant).</summary>
    public static string For(string? tenant, string sessionId) =>
        string.IsNullOrEmpty(tenant) ? sessionId : string.Concat(tenant, Separator.ToString(), sessionId);

    /// <summary>The tenant part of a grain key; empty when the key has none.</summary>
    public static string TenantOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var separator = key.IndexOf(Separator, StringComparison.Ordinal);
        return separator < 0 ? "" : key[..separator];
    }

    /// <summary>The client's session id inside a grain key.</summary>
    public static string SessionIdOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var separator = key.IndexOf(Separator, StringComparison.Ordinal);
        return separator < 0 ? key : key[(separator + 1)..];
    }
}
