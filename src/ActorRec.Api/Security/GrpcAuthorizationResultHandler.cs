using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace ActorRec.Api.Security;

/// <summary>
/// Refused gRPC calls get UNAUTHENTICATED (no or bad credentials) or PERMISSION_DENIED (a missing scope) with a message
/// that says what to send; everything else (/metrics) the default HTTP 401 or 403.
/// </summary>
internal sealed class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!GrpcStatusResponse.IsGrpc(context) || authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var scopes = policy.Requirements.OfType<ScopeRequirement>().Select(r => $"'{r.Scope}'");
            await GrpcStatusResponse.WriteAsync(context, StatusCode.PermissionDenied, $"this call needs the scope {string.Join(" and ", scopes)}, which {ApiClaims.PrincipalOf(context.User)} does not hold");
            return;
        }

        var authentication = await context.AuthenticateAsync(AuthenticationSchemes.Default);
        var message = authentication.Failure is { } failure
            ? $"the credentials were refused: {failure.Message}"
            : "this server needs credentials: send 'authorization: Bearer <API key or JWT>'";
        await GrpcStatusResponse.WriteAsync(context, StatusCode.Unauthenticated, message);
    }
}
