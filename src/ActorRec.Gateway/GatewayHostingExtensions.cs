using ActorRec.Api;
using ActorRec.Api.Security;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace ActorRec.Gateway;

/// <summary>The gateway's host: an Orleans client joined through Redis, the public gRPC API, health and metrics.</summary>
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

        builder.UseOrleansClient(client =>
        {
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
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapActorRecGateway(this WebApplication app)
    {
        app.MapActorRecApi();
        app.MapPrometheusScrapingEndpoint().RequireMetricsScope();
        return app;
    }
}
