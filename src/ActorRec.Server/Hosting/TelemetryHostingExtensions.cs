using ActorRec.Api.Security;
using ActorRec.Api.Telemetry;
using ActorRec.Grains.ClickLog;
using ActorRec.Grains.Inference;
using ActorRec.Grains.OnlineMetrics;
using ActorRec.Grains.Tracing;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace ActorRec.Server.Hosting;

/// <summary>
/// Exports the serving metrics (batch sizes, queue depth, request outcomes, click latency, active sessions and model
/// version, online accuracy, click log appends, API answers by status, gRPC, Orleans, the runtime) for Prometheus to
/// scrape; when traces are on, spans of each click from the gRPC call through the session grain, linked from the
/// inference batch that served it; the Orleans dashboard when asked for.
/// </summary>
internal static class TelemetryHostingExtensions
{
    public static WebApplicationBuilder AddActorRecTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.AddActorRecObservability(
            "actorrec-server", [BatchingEngine.MeterName, ServingMetrics.MeterName, ClickLogMetrics.MeterName], [ActorRecTracing.SourceName]);
        var traces = telemetry.TracesOn(builder.Configuration);
        if (traces || telemetry.Dashboard)
        {
            // Adds to the silo that AddActorRecSilo configured: the builder is the same one.
            builder.UseOrleans(silo =>
            {
                if (traces)
                {
                    // Off without tracing: the filters would stamp every grain call with the ASP.NET Core activity's context.
                    silo.AddActivityPropagation();
                }

                if (telemetry.Dashboard)
                {
                    // The live log stream would put every log line of the silo through one more provider.
                    silo.AddDashboard(dashboard => dashboard.HideTrace = true);
                }
            });
        }

        return builder;
    }

    /// <summary>Serves /metrics, and the dashboard when enabled; appsettings.json puts them on their own HTTP/1.1 endpoint beside the HTTP/2 gRPC one.</summary>
    public static WebApplication MapActorRecMetrics(this WebApplication app)
    {
        // Created now rather than with the first session grain, so that a scrape has the gauges from the start.
        app.Services.GetRequiredService<ServingMetrics>();
        app.MapActorRecObservability();
        var telemetry = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (telemetry.Dashboard)
        {
            // Grain types, silos and call rates of the whole cluster: for operators only.
            app.MapOrleansDashboard(telemetry.DashboardPath).RequireAuthorization(Scopes.Admin);
        }

        return app;
    }
}
