using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ActorRec.Api.Security;

/// <summary>
/// Authentication (API keys, JWT, anonymous where allowed), a policy per scope, rate and stream limits per principal,
/// and the loopback-only rule for servers without credentials.
/// </summary>
public static class SecurityHostingExtensions
{
    /// <summary>The policy of endpoints that any authenticated caller may use (reflection).</summary>
    internal const string AuthenticatedPolicy = "authenticated";

    /// <summary>Requires the metrics scope (Prometheus sends it as <c>authorization: Bearer &lt;key&gt;</c>).</summary>
    public static TBuilder RequireMetricsScope<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder => endpoint.RequireAuthorization(Scopes.Metrics);

    internal static void AddActorRecSecurity(this WebApplicationBuilder builder, Action<ListenOptions> endpointDefaults)
    {
        var services = builder.Services;
        var security = builder.Configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>() ?? new SecurityOptions();
        var limits = builder.Configuration.GetSection(ClientLimitsOptions.SectionName).Get<ClientLimitsOptions>() ?? new ClientLimitsOptions();
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClientLimitsOptions>().BindConfiguration(ClientLimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        ListenGuard.CheckConfigured(builder.Configuration, security);

        // One ConfigureEndpointDefaults for the whole API: a second call would replace the first.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureEndpointDefaults(endpoint =>
            {
                endpointDefaults(endpoint);
                ListenGuard.Check(endpoint, security);
            });

            kestrel.Limits.Http2.MaxStreamsPerConnection = limits.MaxStreamsPerConnection;
        });

        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ClientRateLimiter>();
        services.AddSingleton<StreamLimiter>();
        services.AddHostedService<SecurityReport>();

        var authentication = services.AddAuthentication(AuthenticationSchemes.Default)
            .AddPolicyScheme(AuthenticationSchemes.Default, "ActorRec", options => options.ForwardDefaultSelector = context => SchemeFor(context.Request, security))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthenticationSchemes.ApiKey, null)
            .AddScheme<AuthenticationSchemeOptions, AnonymousAuthenticationHandler>(AuthenticationSchemes.Anonymous, null);
        if (security.Jwt.Configured)
        {
            authentication.AddJwtBearer(AuthenticationSchemes.Jwt, options => JwtConfiguration.Apply(options, security.Jwt));
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(Scopes.Recommend, policy => policy.AddRequirements(new ScopeRequirement(Scopes.Recommend)))
            .AddPolicy(Scopes.Admin, policy => policy.AddRequirements(new ScopeRequirement(Scopes.Admin)))
            .AddPolicy(Scopes.Metrics, policy => policy.AddRequirements(new ScopeRequirement(Scopes.Metrics)))
            .AddPolicy(AuthenticatedPolicy, policy => policy.RequireAuthenticatedUser());
        services.AddSingleton<IAuthorizationHandler, ScopeAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<ClientRateLimiter>((options, limiter) =>
        {
            options.GlobalLimiter = limiter.Limiter;
            options.OnRejected = (rejected, _) => GrpcStatusResponse.IsGrpc(rejected.HttpContext)
                ? new ValueTask(GrpcStatusResponse.WriteAsync(rejected.HttpContext, StatusCode.ResourceExhausted, limiter.RefusalMessage(rejected.HttpContext)))
                : WriteTooManyRequests(rejected.HttpContext);
        });
    }

    /// <summary>In this order: who is calling, may they, are they within their rate.</summary>
    internal static void UseActorRecSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
    }

    private static string SchemeFor(HttpRequest request, SecurityOptions security)
    {
        if (!Credentials.Present(request))
        {
            return AuthenticationSchemes.Anonymous;
        }

        return Credentials.Token(request) is { } token && !Credentials.IsApiKey(token) && security.Jwt.Configured
            ? AuthenticationSchemes.Jwt
            : AuthenticationSchemes.ApiKey;
    }

    private static ValueTask WriteTooManyRequests(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return ValueTask.CompletedTask;
    }
}
