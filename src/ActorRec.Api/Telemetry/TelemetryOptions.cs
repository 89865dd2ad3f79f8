using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace ActorRec.Api.Telemetry;

/// <summary>Traces, their export, the Orleans dashboard and the log format; everything but /metrics is off by default.</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// Records spans (gRPC call, session grain, inference batch) even without an exporter, for a test's or a tool's own
    /// listener. An OTLP endpoint turns them on by itself.
    /// </summary>
    public bool Traces { get; set; }

    /// <summary>The OTLP exporter of the spans.</summary>
    public OtlpSettings Otlp { get; set; } = new();

    /// <summary>Serves the Orleans dashboard (a silo only), behind the admin scope once credentials are configured.</summary>
    public bool Dashboard { get; set; }

    /// <summary>Where the dashboard is served.</summary>
    [RegularExpression("^/[A-Za-z0-9_/-]*[A-Za-z0-9_-]$", ErrorMessage = "Telemetry:DashboardPath must be an absolute path such as /dashboard (letters, digits, '-', '_', '/'), without a trailing '/'")]
    public string DashboardPath { get; set; } = "/dashboard";

    /// <summary>One JSON object per log line on the console (the same as Logging:Console:FormatterName=json).</summary>
    public bool JsonLogs { get; set; }

    /// <summary>Whether spans are recorded: asked for, or an OTLP endpoint given here or in the standard variable.</summary>
    public bool TracesOn(IConfiguration configuration) =>
        Traces || Otlp.Endpoint is not null || !string.IsNullOrWhiteSpace(configuration[OtlpSettings.EndpointVariable]);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Otlp.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult(
                $"Telemetry:Otlp:Endpoint '{endpoint}' is not an http:// or https:// address; give the collector's, e.g. http://localhost:4317",
                [nameof(Otlp)]);
        }

        if (Otlp.Protocol is not ("grpc" or "http/protobuf"))
        {
            yield return new ValidationResult($"Telemetry:Otlp:Protocol '{Otlp.Protocol}' is not grpc or http/protobuf", [nameof(Otlp)]);
        }
    }
}
