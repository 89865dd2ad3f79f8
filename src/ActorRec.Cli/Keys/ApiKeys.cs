using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ActorRec.Cli.Keys;

/// <summary>
/// API keys as the server expects them: <c>ar_&lt;id&gt;_&lt;secret&gt;</c> with a secret of 32 random bytes in base64url,
/// stored only as <c>sha256:</c> and the hex SHA-256 of the key. The rules mirror the server's (ApiKeyRules), which the
/// CLI does not reference: it would bring the whole web stack into a command-line tool; a server test checks that
/// keys made here are accepted there.
/// </summary>
internal static class ApiKeys
{
    public const string Prefix = "ar_";

    public const string HashPrefix = "sha256:";

    public const int MaxIdLength = 64;

    public const int MaxTenantLength = 128;

    /// <summary>Random bytes in a secret: 256 bits, so an unsalted hash is enough to store the key.</summary>
    public const int SecretBytes = 32;

    /// <summary>What a key may be allowed to call, as the server names the scopes.</summary>
    public static IReadOnlyList<string> Scopes { get; } = ["recommend", "admin", "metrics"];

    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    public static bool IsValidTenant(string tenant) =>
        tenant.Length is > 0 and <= MaxTenantLength && !tenant.Any(char.IsControl) && !tenant.Any(char.IsSurrogate);

    /// <summary>A new key for <paramref name="id"/>, from the operating system's cryptographic random source.</summary>
    public static string NewKey(string id)
    {
        if (!IsValidId(id))
        {
            throw new ArgumentException($"--id '{id}' must be 1 to {MaxIdLength} letters, digits or '-'.");
        }

        return Prefix + id + "_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
    }

    public static string Hash(string key) =>
        HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// The scopes named in <paramref name="values"/> (each may hold several, comma-separated), in the server's order
    /// and each once; throws naming an unknown one.
    /// </summary>
    public static string[] ParseScopes(IEnumerable<string> values)
    {
        var named = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
        if (named.FirstOrDefault(s => !Scopes.Contains(s, StringComparer.Ordinal)) is { } unknown)
        {
            throw new ArgumentException($"--scopes: '{unknown}' is not one of {string.Join(", ", Scopes)}.");
        }

        if (named.Count == 0)
        {
            throw new ArgumentException($"--scopes: name at least one of {string.Join(", ", Scopes)}.");
        }

        return [.. Scopes.Where(named.Contains)];
    }
}
