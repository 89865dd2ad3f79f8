namespace ActorRec.Api.Security;

/// <summary>The authentication schemes of the API; <see cref="Default"/> picks one of the others per request.</summary>
internal static class AuthenticationSchemes
{
    public const string Default = "ActorRec";

    public const string ApiKey = "ApiKey";

    public const string Jwt = "Jwt";

    public const string Anonymous = "Anonymous";
}
