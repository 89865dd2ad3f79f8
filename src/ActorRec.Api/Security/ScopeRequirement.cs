using Microsoft.AspNetCore.Authorization;

namespace ActorRec.Api.Security;

/// <summary>The caller must hold <see cref="Scope"/>; checked by <see cref="ScopeAuthorizationHandler"/>.</summary>
internal sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;
