using System.Text.Json.Nodes;

namespace ActorRec.Cli.Keys;

/// <summary>One entry of the server's key file: the key's id, hash, tenant and scopes; never the key itself.</summary>
internal sealed record StoredKey(string Id, string Hash, string Tenant, IReadOnlyList<string> Scopes)
{
    /// <summary>A new key and its entry; the key is shown once and kept nowhere.</summary>
    public static (string Key, StoredKey Entry) Create(string id, string? tenant, IReadOnlyList<string> scopes)
    {
        var key = ApiKeys.NewKey(id);
        tenant ??= id;
        if (!ApiKeys.IsValidTenant(tenant))
        {
            throw new ArgumentException($"--tenant must be 1 to {ApiKeys.MaxTenantLength} printable characters.");
        }

        return (key, new StoredKey(id, ApiKeys.Hash(key), tenant, scopes));
    }

    /// <summary>The entry as the key file holds it: <c>{ "id", "hash", "tenant", "scopes" }</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["hash"] = Hash,
        ["tenant"] = Tenant,
        ["scopes"] = new JsonArray([.. Scopes.Select(s => (JsonNode?)JsonValue.Create(s))]),
    };
}
