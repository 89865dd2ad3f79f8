using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace ActorRec.Api.Security;

/// <summary>Sets up JWT bearer validation from <see cref="JwtSettings"/>: issuer, audience, lifetime, signature, tenant claim.</summary>
internal static class JwtConfiguration
{
    public static void Apply(JwtBearerOptions options, JwtSettings jwt)
    {
        // Claim names as the token has them ("scope", "sub"), not mapped to the long WS-Federation URIs.
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            ValidAudience = jwt.Audience,
            ClockSkew = jwt.ClockSkew,
        };
        if (!string.IsNullOrWhiteSpace(jwt.Authority))
        {
            options.Authority = jwt.Authority;
            if (!string.IsNullOrWhiteSpace(jwt.Issuer))
            {
                options.TokenValidationParameters.ValidIssuer = jwt.Issuer;
            }
        }
        else
        {
            options.TokenValidationParameters.ValidIssuer = jwt.Issuer;
            options.TokenValidationParameters.IssuerSigningKey = ReadPublicKey(jwt.PublicKeyFile);
        }

        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var tenant = context.Principal?.FindFirst(jwt.TenantClaim)?.Value;
                if (tenant is null || !ApiKeyRules.IsValidTenant(tenant) || context.Principal?.Identity is not ClaimsIdentity identity)
                {
                    context.Fail($"the token's '{jwt.TenantClaim}' claim (Security:Jwt:TenantClaim) is missing or not a valid tenant name");
                    return Task.CompletedTask;
                }

                identity.AddClaim(new Claim(ApiClaims.Tenant, tenant));
                identity.AddClaim(new Claim(ApiClaims.Principal, $"jwt:{tenant}"));
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>An RSA or EC public key from a PEM file (SubjectPublicKeyInfo, as identity providers publish them).</summary>
    private static SecurityKey ReadPublicKey(string path)
    {
        var pem = File.ReadAllText(path);
        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (ArgumentException)
        {
            // Not an RSA key: EC is the other kind JWT signatures use.
        }
        catch (CryptographicException)
        {
        }

        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new InvalidOperationException($"Security:Jwt:PublicKeyFile '{path}' holds no RSA or EC public key in PEM form ({e.Message})", e);
        }

        return new ECDsaSecurityKey(ec);
    }
}
