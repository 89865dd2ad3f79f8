using ActorRec.Abstractions;
using ActorRec.Api.Page;
using ActorRec.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ActorRec.Api;

/// <summary>
/// Adds and maps the public gRPC API (Recommender, ModelAdmin), health and reflection. Hosted by a silo
/// (ActorRec.Server) or by the gateway tier (ActorRec.Gateway); both reach the grains through an IGrainFactory.
/// </summary>
public static class ApiHostingExtensions
{
    /// <summary>Registers the API's services; the returned builder takes the host's own health checks.</summary>
    public static IHealthChecksBuilder AddActorRecApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // gRPC over cleartext needs HTTP/2 without negotiation; set in code so that it holds even when
        // appsettings.json is not found (a process started from another working directory).
        builder.AddActorRecSecurity(endpoint => endpoint.Protocols = HttpProtocols.Http2);
        builder.Services.AddOptions<ServingOptions>().BindConfiguration(ServingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(ApiOrigin.Gateway);
        builder.Services.AddSingleton<ClickValidator>();
        builder.Services.AddSingleton<InFlightClicks>();
        builder.Services.AddSingleton<ClusterOnlineMetrics>();
        builder.Services.AddHostedService<DrainOnShutdown>();
        builder.Services.AddGrpc(options =>
        {
            options.Interceptors.Add<ErrorMappingInterceptor>();

            // Clicks are tiny; a large message is a client bug, refused before it is buffered.
            options.MaxReceiveMessageSize = 64 * 1024;
        });
        builder.Services.AddGrpcReflection();
        builder.AddActorRecPage();
        return builder.Services.AddGrpcHealthChecks();
    }

    /// <summary>
    /// Adds authentication, authorization and rate limiting to the pipeline, and maps health always (anonymous: probes
    /// carry no credentials), Recommender and Catalog (scope recommend) and ModelAdmin (scope admin) unless
    /// <see cref="ServingOptions.PublicApi"/> is off (a silo behind a gateway tier), reflection where enabled, and the
    /// live page (gRPC-Web in front of all of it) where <see cref="PageDecision"/> says so.
    /// </summary>
    public static WebApplication MapActorRecApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseActorRecPage();
        app.UseMiddleware<MalformedRequestMiddleware>();
        app.UseActorRecSecurity();
        if (app.Services.GetRequiredService<IOptions<ServingOptions>>().Value.PublicApi)
        {
            app.MapGrpcService<RecommenderService>().RequireAuthorization(Scopes.Recommend);
            app.MapGrpcService<ModelAdminService>().RequireAuthorization(Scopes.Admin);
            app.MapGrpcService<CatalogService>().RequireAuthorization(Scopes.Recommend);
        }

        app.MapGrpcHealthChecksService().AllowAnonymous();
        var security = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (security.Reflection ?? !security.CredentialsConfigured)
        {
            app.MapGrpcReflectionService().RequireAuthorization(SecurityHostingExtensions.AuthenticatedPolicy);
        }

        return app;
    }
}
