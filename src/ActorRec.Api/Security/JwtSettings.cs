using System.ComponentModel.DataAnnotations;

namespace ActorRec.Api.Security;

/// <summary>
/// JWT bearer tokens from an identity provider: either its OpenID Connect <see cref="Authority"/> (signing keys found by
/// discovery) or a pinned public key (<see cref="PublicKeyFile"/>) for tokens verified offline.
/// </summary>
public sealed class JwtSettings
{
    /// <summary>The issuer's base address; its signing keys are read from its discovery document.</summary>
    public string Authority { get; set; } = "";

    /// <summary>A PEM file with the issuer's RSA or EC public key, instead of <see cref="Authority"/>.</summary>
    public string PublicKeyFile { get; set; } = "";

    /// <summary>The expected <c>iss</c>; required with <see cref="PublicKeyFile"/>.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The expected <c>aud</c>: tokens minted for another service are refused.</summary>
    public string Audience { get; set; } = "";

    /// <summary>The claim whose value is the tenant that owns the caller's sessions.</summary>
    public string TenantClaim { get; set; } = "sub";

    /// <summary>Tolerated clock difference when checking <c>exp</c> and <c>nbf</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    public bool Configured => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(PublicKeyFile);
}
