using System.Security.Cryptography;
using System.Text.Json;
using ActorRec.Api.Security;

namespace ActorRec.Server.Tests.Security;

/// <summary>API keys for tests, shaped as the server expects, and the key file that stores their hashes.</summary>
internal static class TestKeys
{
    public static string New(string id) =>
        $"{ApiKeyRules.Prefix}{id}_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";

    public static ApiKeyEntry Entry(string id, string key, string tenant, params string[] scopes) =>
        new() { Id = id, Hash = ApiKeyRules.Hash(key), Tenant = tenant, Scopes = scopes };

    /// <summary>Writes the file as an operator would: a whole new file moved over the old one, so a reader never sees half of it.</summary>
    public static void WriteFile(string path, IEnumerable<ApiKeyEntry> entries)
    {
        var temporary = path + ".new";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new { keys = entries.Select(e => new { id = e.Id, hash = e.Hash, tenant = e.Tenant, scopes = e.Scopes }) }));
        File.Move(temporary, path, overwrite: true);
    }
}
