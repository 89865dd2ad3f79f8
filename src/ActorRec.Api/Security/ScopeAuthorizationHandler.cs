using Microsoft.AspNetCore.Authorization;

namespace ActorRec.Api.Security;

/// <summary>Grants a <see cref="ScopeRequirement"/> to an authenticated caller that holds the scope.</summary>
internal sealed class ScopeAuthorizationHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (ApiClaims.HasScope(context.User, requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
