using System.Security.Cryptography;
using System.Text;

namespace ActorRec.Api.Security;

/// <summary>
/// The shape of an API key, <c>ar_&lt;id&gt;_&lt;secret&gt;</c>: the id says which stored hash to compare with, the
/// secret (32 random bytes, base64url) makes the key unguessable, so an unsalted SHA-256 suffices to store it.
/// </summary>
public static class ApiKeyRules
{
    public const string Prefix = "ar_";

    public const string HashPrefix = "sha256:";

    public const int MaxIdLength = 64;

    /// <summary>Longest tenant name; tenants become part of session keys.</summary>
    public const int MaxTenantLength = 128;

    /// <summary>The id of a key shaped like one, or null.</summary>
    public static string? IdOf(string key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = key.IndexOf('_', Prefix.Length);
        if (end <= Prefix.Length || end == key.Length - 1)
        {
            return null;
        }

        var id = key[Prefix.Length..end];
        return IsValidId(id) ? id : null;
    }

    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>Tenant names are printable and short: they become part of every session key of the tenant.</summary>
    public static bool IsValidTenant(string tenant) =>
        tenant.Length is > 0 and <= MaxTenantLength && !tenant.Any(char.IsControl) && !tenant.Any(char.IsSurrogate);

    public static string Hash(string key) =>
        HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>What is wrong with a stored entry, one message per problem.</summary>
    public static IEnumerable<string> Problems(ApiKeyEntry entry)
    {
        if (!IsValidId(entry.Id))
        {
            yield return $"id '{entry.Id}' must be 1 to {MaxIdLength} letters, digits or '-'";
        }

        if (!entry.Hash.StartsWith(HashPrefix, StringComparison.Ordinal) || entry.Hash.Length != HashPrefix.Length + 64 || !entry.Hash[HashPrefix.Length..].All(char.IsAsciiHexDigitLower))
        {
            yield return $"hash of '{entry.Id}' must be '{HashPrefix}' and 64 lowercase hex digits (as `actorrec keys create` prints it), never the key itself";
        }

        if (!IsValidTenant(entry.EffectiveTenant))
        {
            yield return $"tenant of '{entry.Id}' must be 1 to {MaxTenantLength} printable characters";
        }

        if (entry.Scopes.Length == 0)
        {
            yield return $"'{entry.Id}' has no scopes (any of {string.Join(", ", Scopes.All)})";
        }

        foreach (var scope in entry.Scopes.Where(s => !Scopes.IsKnown(s)))
        {
            yield return $"scope '{scope}' of '{entry.Id}' is not one of {string.Join(", ", Scopes.All)}";
        }
    }
}
