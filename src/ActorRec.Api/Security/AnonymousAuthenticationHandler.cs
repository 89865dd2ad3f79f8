using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ActorRec.Api.Security;

/// <summary>
/// A caller without credentials: authenticated as <c>anonymous</c> with <see cref="SecurityOptions.AnonymousScopes"/>
/// where anonymous callers are served (no credentials configured, so loopback only, or AllowAnonymous), else not at all.
/// Anonymous callers have no tenant: their session ids are global, as they were before authentication existed.
/// </summary>
internal sealed class AnonymousAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptionsMonitor<SecurityOptions> security)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var current = security.CurrentValue;
        if (!current.AnonymousServed)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = ApiClaims.Identity(Scheme.Name, "anonymous", tenant: null, current.AnonymousScopes);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
