using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace ActorRec.Api.Telemetry;

/// <summary>
/// grpc-dotnet's server counts (calls started, active, failed, past their deadline, unimplemented; messages sent and
/// received) on a "Grpc.AspNetCore.Server" meter. grpc-dotnet publishes them only as EventCounters of an EventSource of
/// that name, which a Prometheus scrape cannot read; this listener takes the values the source reports every second and
/// exposes the latest as observable instruments.
/// </summary>
/// <remarks>
/// The event source counts the whole process: in a process that hosts several servers (tests) each one's meter shows
/// the sum of all.
/// </remarks>
internal sealed class GrpcServerCounters : EventListener
{
    public const string MeterName = "Grpc.AspNetCore.Server";

    private const string SourceName = "Grpc.AspNetCore.Server";

    // Assigned before the base constructor runs, which already reports the event sources that exist.
    private readonly ConcurrentDictionary<string, double> _latest = new(StringComparer.Ordinal);

    public GrpcServerCounters(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        Counter(meter, "total-calls", "grpc.aspnetcore.server.calls", "{call}", "gRPC calls started.");
        Counter(meter, "calls-failed", "grpc.aspnetcore.server.calls.failed", "{call}", "gRPC calls that ended with a status other than OK.");
        Counter(meter, "calls-deadline-exceeded", "grpc.aspnetcore.server.calls.deadline_exceeded", "{call}", "gRPC calls whose deadline passed.");
        Counter(meter, "calls-unimplemented", "grpc.aspnetcore.server.calls.unimplemented", "{call}", "gRPC calls of a method this server does not serve.");
        Counter(meter, "messages-sent", "grpc.aspnetcore.server.messages.sent", "{message}", "gRPC messages sent.");
        Counter(meter, "messages-received", "grpc.aspnetcore.server.messages.received", "{message}", "gRPC messages received.");
        meter.CreateObservableUpDownCounter(
            "grpc.aspnetcore.server.calls.active", () => (long)Latest("current-calls"), "{call}", "gRPC calls in progress.");
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SourceName)
        {
            EnableEvents(eventSource, EventLevel.Informational, EventKeywords.None, new Dictionary<string, string?> { ["EventCounterIntervalSec"] = "1" });
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        // Polling counters report their current value as the mean of the interval.
        if (eventData.EventName == "EventCounters"
            && eventData.Payload is [IDictionary<string, object?> payload, ..]
            && payload.TryGetValue("Name", out var name) && name is string counter
            && payload.TryGetValue("Mean", out var mean) && mean is not null)
        {
            _latest[counter] = Convert.ToDouble(mean, CultureInfo.InvariantCulture);
        }
    }

    private double Latest(string counter) => _latest.TryGetValue(counter, out var value) ? value : 0;

    private void Counter(Meter meter, string counter, string instrument, string unit, string description) =>
        meter.CreateObservableCounter(instrument, () => (long)Latest(counter), unit, description);
}
