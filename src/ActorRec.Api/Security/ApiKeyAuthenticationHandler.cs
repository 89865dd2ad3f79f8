using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ActorRec.Api.Security;

/// <summary>Authenticates a caller by an API key: the key's hash must match a stored one.</summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Credentials.Token(Request) is not { } token)
        {
            return Task.FromResult(Credentials.Present(Request)
                ? AuthenticateResult.Fail("the authorization header is not 'Bearer <API key or JWT>'")
                : AuthenticateResult.NoResult());
        }

        if (!Credentials.IsApiKey(token))
        {
            // Only sent here for a non-key token when JWT is not configured.
            return Task.FromResult(AuthenticateResult.Fail("the bearer token is not an ActorRec API key, and this server accepts no JWT (Security:Jwt)"));
        }

        if (keys.Find(token) is not { } entry)
        {
            return Task.FromResult(AuthenticateResult.Fail("the API key is not valid (unknown, revoked or mistyped)"));
        }

        var identity = ApiClaims.Identity(Scheme.Name, $"key:{entry.Id}", entry.EffectiveTenant, entry.Scopes);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
