namespace ActorRec.Api.Telemetry;

/// <summary>Where spans are sent: an OpenTelemetry collector (or any OTLP receiver: Jaeger, Tempo, Aspire's dashboard).</summary>
public sealed class OtlpSettings
{
    /// <summary>Standard OpenTelemetry variable, honoured when <see cref="Endpoint"/> is not set.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The receiver's address, e.g. http://localhost:4317 (gRPC) or http://localhost:4318 (HTTP); none: no export.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>grpc (port 4317 by convention) or http/protobuf (4318; the path /v1/traces is added).</summary>
    public string Protocol { get; set; } = "grpc";
}
