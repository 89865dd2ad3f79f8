using ActorRec.Server.Services;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ActorRec.Server.Hosting;

/// <summary>Adds and maps the public gRPC API, health checks and reflection.</summary>
internal static class GrpcHostingExtensions
{
    public static WebApplicationBuilder AddActorRecGrpc(this WebApplicationBuilder builder)
    {
        // gRPC over cleartext needs HTTP/2 without negotiation; set in code so that it holds even when
        // appsettings.json is not found (a process started from another working directory).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));
        builder.Services.AddOptions<ServingOptions>().BindConfiguration(ServingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ClickValidator>();
        builder.Services.AddSingleton<InFlightClicks>();
        builder.Services.AddHostedService<DrainOnShutdown>();
        builder.Services.AddGrpc(options =>
        {
            options.Interceptors.Add<ErrorMappingInterceptor>();
            // Clicks are tiny; a large message is a client bug, refused before it is buffered.
            options.MaxReceiveMessageSize = 64 * 1024;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck<ModelHealthCheck>("model").AddCheck<ClickLogHealthCheck>("click-log");
        return builder;
    }

    public static WebApplication MapActorRecEndpoints(this WebApplication app)
    {
        app.MapGrpcService<RecommenderService>();
        app.MapGrpcService<ModelAdminService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
