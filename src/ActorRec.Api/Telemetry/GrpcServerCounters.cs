using System.Diagnostics.Metrics;

namespace ActorRec.Api.Telemetry;

/// <summary>
/// grpc-dotnet's server counts (calls started, active, failed, past their deadline, unimplemented; messages sent and
/// received) on a "Grpc.AspNetCore.Server" meter. grpc-dotnet publishes them only as EventCounters, which a Prometheus
/// scrape cannot read; <see cref="GrpcEventCounterListener"/> takes the values reported every second, and these
/// observable instruments expose the latest.
/// </summary>
/// <remarks>The event source counts the whole process: in a process that hosts several servers (tests) each shows the sum.</remarks>
internal static class GrpcServerCounters
{
    public const string MeterName = "Grpc.AspNetCore.Server";

    /// <summary>
    /// One meter for the process, never disposed, as the event source behind it is one for the process: a meter per host
    /// would put several instruments of one name in a process with several hosts (tests), each showing the same sums.
    /// </summary>
    private static readonly Meter Meter = Create();

    /// <summary>Starts counting (grpc-dotnet counts only while a listener has its counters on); idempotent.</summary>
    public static void Start() => _ = Meter;

    private static Meter Create()
    {
        _ = GrpcEventCounterListener.Instance;
        var meter = new Meter(MeterName);
        Counter(meter, "total-calls", "grpc.aspnetcore.server.calls", "{call}", "gRPC calls started.");
        Counter(meter, "calls-failed", "grpc.aspnetcore.server.calls.failed", "{call}", "gRPC calls that ended with a status other than OK.");
        Counter(meter, "calls-deadline-exceeded", "grpc.aspnetcore.server.calls.deadline_exceeded", "{call}", "gRPC calls whose deadline passed.");
        Counter(meter, "calls-unimplemented", "grpc.aspnetcore.server.calls.unimplemented", "{call}", "gRPC calls of a method this server does not serve.");
        Counter(meter, "messages-sent", "grpc.aspnetcore.server.messages.sent", "{message}", "gRPC messages sent.");
        Counter(meter, "messages-received", "grpc.aspnetcore.server.messages.received", "{message}", "gRPC messages received.");
        meter.CreateObservableUpDownCounter(
            "grpc.aspnetcore.server.calls.active", () => (long)GrpcEventCounterListener.Instance.Latest("current-calls"), "{call}", "gRPC calls in progress.");
        return meter;
    }

    private static void Counter(Meter meter, string counter, string instrument, string unit, string description) =>
        meter.CreateObservableCounter(instrument, () => (long)GrpcEventCounterListener.Instance.Latest(counter), unit, description);
}
