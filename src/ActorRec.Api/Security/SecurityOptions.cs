using System.ComponentModel.DataAnnotations;

namespace ActorRec.Api.Security;

/// <summary>
/// Who may call the API. Without credentials configured the server serves anyone, but only on loopback addresses; any
/// other address needs API keys, JWT, or an explicit <see cref="AllowAnonymous"/>.
/// </summary>
public sealed class SecurityOptions : IValidatableObject
{
    public const string SectionName = "Security";

    /// <summary>Callers without credentials get <see cref="AnonymousScopes"/> on any address. Off by default.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>What anonymous callers may do where they are allowed (every scope unless narrowed).</summary>
    public string[] AnonymousScopes { get; set; } = [.. Scopes.All];

    /// <summary>API keys given in configuration (hashed).</summary>
    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    /// <summary>A JSON file of hashed API keys, read again whenever it changes: keys rotate without a restart.</summary>
    public string ApiKeysFile { get; set; } = "";

    public JwtSettings Jwt { get; set; } = new();

    /// <summary>
    /// Whether gRPC reflection is served. Unset: only while the server runs without credentials (loopback); with
    /// credentials it needs an authenticated caller.
    /// </summary>
    public bool? Reflection { get; set; }

    /// <summary>Whether any way to authenticate is configured.</summary>
    public bool CredentialsConfigured => ApiKeys.Count > 0 || !string.IsNullOrWhiteSpace(ApiKeysFile) || Jwt.Configured;

    /// <summary>Whether callers without credentials are served (with <see cref="AnonymousScopes"/>).</summary>
    public bool AnonymousServed => AllowAnonymous || !CredentialsConfigured;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var scope in AnonymousScopes.Where(s => !Scopes.IsKnown(s)))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(AnonymousScopes)}: '{scope}' is not one of {string.Join(", ", Scopes.All)}");
        }

        for (var i = 0; i < ApiKeys.Count; i++)
        {
            foreach (var problem in ApiKeyRules.Problems(ApiKeys[i]))
            {
                yield return new ValidationResult($"{SectionName}:{nameof(ApiKeys)}:{i}: {problem}");
            }
        }

        if (!string.IsNullOrWhiteSpace(ApiKeysFile) && !File.Exists(ApiKeysFile))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(ApiKeysFile)}: '{ApiKeysFile}' does not exist (create keys with `actorrec keys create --file {ApiKeysFile}`)");
        }

        if (!string.IsNullOrWhiteSpace(Jwt.Authority) && !string.IsNullOrWhiteSpace(Jwt.PublicKeyFile))
        {
            yield return new ValidationResult($"{SectionName}:Jwt: set Authority or PublicKeyFile, not both");
        }

        if (Jwt.Configured && string.IsNullOrWhiteSpace(Jwt.Audience))
        {
            yield return new ValidationResult($"{SectionName}:Jwt:Audience is required: without it a token minted for any other service would be accepted");
        }

        if (!string.IsNullOrWhiteSpace(Jwt.PublicKeyFile) && string.IsNullOrWhiteSpace(Jwt.Issuer))
        {
            yield return new ValidationResult($"{SectionName}:Jwt:Issuer is required with PublicKeyFile");
        }

        if (!string.IsNullOrWhiteSpace(Jwt.PublicKeyFile) && !File.Exists(Jwt.PublicKeyFile))
        {
            yield return new ValidationResult($"{SectionName}:Jwt:PublicKeyFile: '{Jwt.PublicKeyFile}' does not exist");
        }

        if (Jwt.Configured && string.IsNullOrWhiteSpace(Jwt.TenantClaim))
        {
            yield return new ValidationResult($"{SectionName}:Jwt:TenantClaim must name a claim");
        }
    }
}
