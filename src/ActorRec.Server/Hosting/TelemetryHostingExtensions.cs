using ActorRec.Api.Security;
using ActorRec.Grains.ClickLog;
using ActorRec.Grains.Inference;
using ActorRec.Grains.OnlineMetrics;
using OpenTelemetry.Metrics;

namespace ActorRec.Server.Hosting;

/// <summary>
/// Exports the serving metrics (batch sizes, queue depth, request outcomes, click latency, active sessions and model
/// version, online accuracy, click log appends, gRPC) for Prometheus to scrape.
/// </summary>
internal static class TelemetryHostingExtensions
{
    public static WebApplicationBuilder AddActorRecTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(BatchingEngine.MeterName, ServingMetrics.MeterName, ClickLogMetrics.MeterName)
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")

            // Orleans' own: messages between silos and to clients (gateway), activations, directory, storage latency.
            .AddMeter("Microsoft.Orleans")
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>Serves /metrics; appsettings.json puts it on its own HTTP/1.1 endpoint beside the HTTP/2 gRPC one.</summary>
    public static WebApplication MapActorRecMetrics(this WebApplication app)
    {
        // Created now rather than with the first session grain, so that a scrape has the gauges from the start.
        app.Services.GetRequiredService<ServingMetrics>();
        app.MapPrometheusScrapingEndpoint().RequireMetricsScope();
        return app;
    }
}
