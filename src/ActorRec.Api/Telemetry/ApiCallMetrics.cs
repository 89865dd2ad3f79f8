using System.Diagnostics.Metrics;
using Grpc.Core;

namespace ActorRec.Api.Telemetry;

/// <summary>
/// The public API's answers by gRPC status on the "ActorRec.Api" meter: one per unary call, one per click answered in a
/// stream (a click's error travels in band and leaves the call OK, so the call's own status would hide it), and one per
/// stream that ends in an error. Calls refused by authentication or authorization never reach it.
/// </summary>
internal sealed class ApiCallMetrics
{
    public const string MeterName = "ActorRec.Api";

    // The canonical names of the codes, as clients and the gRPC documentation spell them; indexed by the code.
    private static readonly string[] StatusNames =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
        "UNAUTHENTICATED",
    ];

    private readonly Counter<long> _answers;

    public ApiCallMetrics(IMeterFactory meterFactory)
    {
        _answers = meterFactory.Create(MeterName).CreateCounter<long>(
            "actorrec.api.answers",
            unit: "{answer}",
            description: "Answers of the public API by method and gRPC status: one per unary call, one per click answered in a stream, one per stream that ended in an error.");
    }

    public void Answered(string method, StatusCode status) => _answers.Add(
        1,
        new KeyValuePair<string, object?>("method", method),
        new KeyValuePair<string, object?>("status", (uint)status < (uint)StatusNames.Length ? StatusNames[(int)status] : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
