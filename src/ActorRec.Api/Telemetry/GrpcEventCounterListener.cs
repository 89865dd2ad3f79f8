using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace ActorRec.Api.Telemetry;

/// <summary>
/// The latest values of grpc-dotnet's server EventCounters ("Grpc.AspNetCore.Server"), which it publishes every second
/// once a listener asks. One per process, as the event source is: every host of the process reads the same values.
/// </summary>
/// <remarks>
/// Counters of an event source stop reporting to every listener when one session turns them off (another listener
/// disposed, a dotnet-counters session ending), so a reader that finds the values stale asks for them again.
/// </remarks>
internal sealed class GrpcEventCounterListener : EventListener
{
    public static readonly GrpcEventCounterListener Instance = new();

    private const string SourceName = "Grpc.AspNetCore.Server";

    private static readonly Dictionary<string, string?> Arguments = new() { ["EventCounterIntervalSec"] = "1" };

    private static readonly long StaleAfter = 3 * Stopwatch.Frequency;

    // Assigned before the base constructor runs, which already reports the event sources that exist.
    private readonly ConcurrentDictionary<string, double> _latest = new(StringComparer.Ordinal);
    private EventSource? _source;
    private long _lastReport;

    private GrpcEventCounterListener()
    {
    }

    /// <summary>The last value <paramref name="counter"/> reported; 0 before its first report.</summary>
    public double Latest(string counter)
    {
        if (_source is { } source && Stopwatch.GetTimestamp() - Interlocked.Read(ref _lastReport) > StaleAfter)
        {
            Interlocked.Exchange(ref _lastReport, Stopwatch.GetTimestamp());
            EnableEvents(source, EventLevel.Informational, EventKeywords.None, Arguments);
        }

        return _latest.TryGetValue(counter, out var value) ? value : 0;
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SourceName)
        {
            _source = eventSource;
            _lastReport = Stopwatch.GetTimestamp();
            EnableEvents(eventSource, EventLevel.Informational, EventKeywords.None, Arguments);
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
            Interlocked.Exchange(ref _lastReport, Stopwatch.GetTimestamp());
        }
    }
}
