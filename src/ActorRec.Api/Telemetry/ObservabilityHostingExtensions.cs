using System.ComponentModel.DataAnnotations;
using ActorRec.Api.Security;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ActorRec.Api.Telemetry;

/// <summary>
/// Metrics for Prometheus, spans for OTLP and the console log format, the same in a silo and in the gateway: each host
/// names its own meters and activity sources, and adds what only it has (Orleans activity propagation, the dashboard).
/// </summary>
internal static class ObservabilityHostingExtensions
{
    /// <summary>The meters every host exports beside its own.</summary>
    private static readonly string[] CommonMeters =
    [
        ApiCallMetrics.MeterName,
        GrpcServerCounters.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",

        // Orleans' own: messages between silos and to clients (gateway), activations, directory, storage latency.
        "Microsoft.Orleans",

        // The runtime's built-in meter (GC, heap, thread pool, lock contention, exceptions); observable, so it costs
        // nothing between scrapes.
        "System.Runtime",
    ];

    /// <summary>
    /// Orleans' spans of grain calls made by application code (the API's call into a session grain, a session's call
    /// to its tenant's count) and of grain storage; its runtime's own calls (membership, directory) are left out.
    /// </summary>
    private static readonly string[] OrleansActivitySources = [Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName, Orleans.Diagnostics.ActivitySources.StorageActivitySourceName];

    /// <summary>
    /// Adds the telemetry of <paramref name="serviceName"/> and returns its options, already validated: the host decides
    /// from them what else to add.
    /// </summary>
    public static TelemetryOptions AddActorRecObservability(this WebApplicationBuilder builder, string serviceName, IEnumerable<string> meters, IEnumerable<string> activitySources)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var telemetry = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();

        // Validated now as well as at start: the wiring below reads these values before the host is built.
        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(telemetry, new ValidationContext(telemetry), problems, validateAllProperties: true))
        {
            throw new OptionsValidationException(TelemetryOptions.SectionName, typeof(TelemetryOptions), problems.Select(p => p.ErrorMessage ?? "invalid"));
        }

        if (telemetry.JsonLogs)
        {
            builder.Logging.AddJsonConsole();
        }

        builder.Services.AddSingleton<ApiCallMetrics>();

        // First of the interceptors, so that it counts the status the client gets, after the others have mapped errors.
        builder.Services.Configure<GrpcServiceOptions>(grpc =>
        {
            grpc.Interceptors.Add<ApiMetricsInterceptor>();
            var registration = grpc.Interceptors[^1];
            grpc.Interceptors.RemoveAt(grpc.Interceptors.Count - 1);
            grpc.Interceptors.Insert(0, registration);
        });

        var openTelemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics.AddMeter([.. meters, .. CommonMeters]).AddPrometheusExporter());
        if (telemetry.TracesOn(builder.Configuration))
        {
            openTelemetry.WithTracing(tracing =>
            {
                // The redaction first: processors run in order, and exporters (OTLP here, or one a test adds) after it.
                tracing.AddSource([.. activitySources, .. OrleansActivitySources])
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = IsTraced)
                    .AddProcessor<SessionIdRedaction>();
                if (telemetry.Otlp.Endpoint is not null || !string.IsNullOrWhiteSpace(builder.Configuration[OtlpSettings.EndpointVariable]))
                {
                    tracing.AddOtlpExporter(otlp => Configure(otlp, telemetry.Otlp));
                }
            });
        }

        return telemetry;
    }

    /// <summary>Serves /metrics (scope metrics once credentials are configured).</summary>
    public static WebApplication MapActorRecObservability(this WebApplication app)
    {
        // Now rather than at the first scrape: gRPC calls are counted from the first one.
        GrpcServerCounters.Start();
        app.MapPrometheusScrapingEndpoint().RequireMetricsScope();
        return app;
    }

    /// <summary>Scrapes and probes would drown the calls worth a trace.</summary>
    private static bool IsTraced(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal)
        && !context.Request.Path.StartsWithSegments("/grpc.health.v1.Health", StringComparison.Ordinal);

    /// <summary>
    /// The exporter reads OTEL_EXPORTER_OTLP_* itself; an endpoint in Telemetry:Otlp replaces them. Over HTTP an endpoint
    /// given in code is used as it is, so the signal's path is added to a bare address.
    /// </summary>
    private static void Configure(OtlpExporterOptions otlp, OtlpSettings settings)
    {
        if (settings.Endpoint is not { } endpoint)
        {
            return;
        }

        var http = settings.Protocol == "http/protobuf";
        otlp.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        otlp.Endpoint = http && endpoint.AbsolutePath == "/" ? new Uri(endpoint, "v1/traces") : endpoint;
    }
}
