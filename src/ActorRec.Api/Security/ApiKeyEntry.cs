namespace ActorRec.Api.Security;

/// <summary>One API key as the server stores it: never the key, only its hash.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>The key's id, also its first part (<c>ar_&lt;id&gt;_&lt;secret&gt;</c>): letters, digits and '-'.</summary>
    public string Id { get; set; } = "";

    /// <summary><c>sha256:</c> and the lowercase hex SHA-256 of the whole key, as <c>actorrec keys create</c> prints it.</summary>
    public string Hash { get; set; } = "";

    /// <summary>Whose sessions the key reaches; keys of one tenant share its sessions (rotation). Empty: the key's id.</summary>
    public string Tenant { get; set; } = "";

    /// <summary>What the key may call (<see cref="Scopes"/>).</summary>
    public string[] Scopes { get; set; } = [];

    /// <summary>The tenant the key acts for.</summary>
    public string EffectiveTenant => string.IsNullOrEmpty(Tenant) ? Id : Tenant;
}
