using ActorRec.Api;
using ActorRec.Api.Telemetry;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;

namespace ActorRec.Gateway;

/// <summary>
/// The gateway's host: an Orleans client joined through Redis, the public gRPC API, health, metrics and traces. The Orleans
/// dashboard is a silo's (Telemetry:Dashboard on a silo): hosting it here would bring the silo runtime into the gateway.
/// </summary>
internal static class GatewayHostingExtensions
{
    /// <summary>
    /// The gateway's defaults, below every other source: gRPC on localhost:5000 (HTTP/2) and /metrics on
    /// localhost:9464 (HTTP/1.1), as the silo. Kept in code rather than an appsettings.json, which would collide with
    /// the silo's in any folder that holds both (tests, tools).
    /// </summary>
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Kestrel:Endpoints:Grpc:Url"] = "http://localhost:5000",
        ["Kestrel:Endpoints:Metrics:Url"] = "http://localhost:9464",
        ["Kestrel:Endpoints:Metrics:Protocols"] = "Http1",
    };

    public static WebApplicationBuilder AddActorRecGateway(this WebApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        builder.Services.AddOptions<GatewayClusterOptions>().BindConfiguration(GatewayClusterOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var cluster = builder.Configuration.GetSection(GatewayClusterOptions.SectionName).Get<GatewayClusterOptions>() ?? new GatewayClusterOptions();
        if (string.IsNullOrWhiteSpace(cluster.Redis))
        {
            throw new OptionsValidationException(
                GatewayClusterOptions.SectionName,
                typeof(GatewayClusterOptions),
                ["Cluster:Redis is required: the gateway finds the silos in the cluster's membership table in Redis (e.g. --Cluster:Redis=localhost:6379)"]);
        }

        var telemetry = builder.AddActorRecObservability("actorrec-gateway", [], []);
        builder.UseOrleansClient(client =>
        {
            if (telemetry.TracesOn(builder.Configuration))
            {
                // The API's span continues into the session grain's on the silo.
                client.AddActivityPropagation();
            }

            var redis = RedisConnection.Create(cluster.Redis, cluster.RedisCaCertificate);
            client.UseRedisClustering(options => options.ConfigurationOptions = redis);
            client.Configure<Orleans.Configuration.ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });

            // Started before the silos (or while none is up), the gateway keeps trying instead of exiting; it serves
            // nothing until connected, so readiness stays down meanwhile.
            client.UseConnectionRetryFilter<ConnectRetryFilter>();
        });

        builder.AddActorRecApi().AddCheck<ClusterHealthCheck>("cluster");
        return builder;
    }

    public static WebApplication MapActorRecGateway(this WebApplication app)
    {
        app.MapActorRecApi();
        app.MapActorRecObservability();
        return app;
    }
}
