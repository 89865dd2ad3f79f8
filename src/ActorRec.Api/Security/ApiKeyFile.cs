namespace ActorRec.Api.Security;

/// <summary>The JSON file named by <see cref="SecurityOptions.ApiKeysFile"/>: <c>{ "keys": [ { "id", "hash", "tenant", "scopes" } ] }</c>.</summary>
public sealed class ApiKeyFile
{
    public List<ApiKeyEntry> Keys { get; set; } = [];
}
