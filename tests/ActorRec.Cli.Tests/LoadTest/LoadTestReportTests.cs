using ActorRec.Cli.LoadTest;
using ActorRec.Contracts.V1;
using Grpc.Core;
using Xunit;

namespace ActorRec.Cli.Tests.LoadTest;

public sealed class LoadTestReportTests
{
    /// <summary>Ticks are microseconds here, so latencies read directly.</summary>
    private const long TicksPerSecond = 1_000_000;

    private static readonly DateTimeOffset StartedAt = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void From_MergesStreams_IntoThroughputPercentilesErrorsAndBatchSize()
    {
        var first = new StreamRecorder(TicksPerSecond);
        var second = new StreamRecorder(TicksPerSecond);
        for (var i = 1; i <= 100; i++)
        {
            var recorder = i % 2 == 0 ? first : second;
            recorder.RecordSent(measured: true);
            recorder.RecordResponse(Answer("v1", batchSize: i % 2 == 0 ? 4 : 2), latencyTicks: i * 1000, receivedTicks: i, measured: true);
        }

        first.RecordSent(measured: true);
        first.RecordResponse(new Recommendation { Error = new Error { Code = (int)StatusCode.InvalidArgument, Message = "seq" } }, 5, 200, measured: true);
        second.RecordFailed(StatusCode.Unavailable, clicks: 3);
        second.RecordFailed(StatusCode.InvalidArgument, clicks: 1);
        second.RecordUnanswered(2);
        second.RecordRestart();

        var report = LoadTestReport.From(new LoadTestOptions { Streams = 2 }, "run", StartedAt, "data", [first, second], measuredSeconds: 10, cancelled: false);

        Assert.Equal(101, report.Sent);
        Assert.Equal(101, report.Responses);
        Assert.Equal(100, report.Ok);
        Assert.Equal(10.0, report.ThroughputPerSecond);
        Assert.Equal(new Dictionary<string, long> { ["InvalidArgument"] = 2, ["Unavailable"] = 3 }, report.Errors);
        Assert.Equal(5, report.ErrorCount);
        Assert.Equal(2, report.Unanswered);
        Assert.Equal(1, report.StreamRestarts);
        Assert.Equal(3.0, report.MeanBatchSize);
        var latency = Assert.IsType<LatencySummary>(report.LatencyMs);
        Assert.Equal(50.0, latency.P50, 0.05);
        Assert.Equal(90.0, latency.P90, 0.1);
        Assert.Equal(99.0, latency.P99, 0.1);
        Assert.Equal(100.0, latency.Max, 0.1);
        Assert.Equal(50.5, latency.Mean, 0.1);
    }

    [Fact]
    public void From_WarmupAnswers_AreNotCounted()
    {
        var recorder = new StreamRecorder(TicksPerSecond);
        recorder.RecordSent(measured: false);
        recorder.RecordResponse(Answer("warm", batchSize: 9), latencyTicks: 60_000_000, receivedTicks: 1, measured: false);
        recorder.RecordSent(measured: true);
        recorder.RecordResponse(Answer("v2", batchSize: 1), latencyTicks: 2_000, receivedTicks: 2, measured: true);

        var report = LoadTestReport.From(new LoadTestOptions(), "run", StartedAt, "data", [recorder], measuredSeconds: 1, cancelled: false);

        Assert.Equal(1, report.Sent);
        Assert.Equal(1, report.Ok);
        Assert.Equal(2.0, report.LatencyMs!.Max, 0.01);
        Assert.Equal(1.0, report.MeanBatchSize);
        Assert.Equal(1, report.ModelVersions);
        Assert.Equal("v2", report.LastModelVersion);
        Assert.Equal(2, recorder.AllResponses);
    }

    [Fact]
    public void From_ModelVersions_CountsDistinctAndTakesTheLatestAcrossStreams()
    {
        var first = new StreamRecorder(TicksPerSecond);
        var second = new StreamRecorder(TicksPerSecond);
        first.RecordResponse(Answer("v1", 1), 10, receivedTicks: 100, measured: true);
        first.RecordResponse(Answer("v2", 1), 10, receivedTicks: 300, measured: true);
        second.RecordResponse(Answer("v1", 1), 10, receivedTicks: 200, measured: true);
        second.RecordResponse(Answer("v3", 1), 10, receivedTicks: 250, measured: true);
        second.RecordResponse(Answer("v3", 1), 10, receivedTicks: 260, measured: true);

        var report = LoadTestReport.From(new LoadTestOptions(), "run", StartedAt, "data", [first, second], measuredSeconds: 1, cancelled: false);

        Assert.Equal(3, report.ModelVersions);
        Assert.Equal("v2", report.LastModelVersion);
    }

    [Fact]
    public void From_NothingAnswered_HasNoLatencyOrBatchSize()
    {
        var recorder = new StreamRecorder(TicksPerSecond);
        recorder.RecordSent(measured: true);
        recorder.RecordFailed(StatusCode.Unavailable, 1);

        var report = LoadTestReport.From(new LoadTestOptions { Mode = LoadMode.Open, Rate = 250 }, "run", StartedAt, "data", [recorder], measuredSeconds: 3, cancelled: true);

        Assert.Null(report.LatencyMs);
        Assert.Null(report.MeanBatchSize);
        Assert.Null(report.LastModelVersion);
        Assert.Equal(0, report.ThroughputPerSecond);
        Assert.Equal("open", report.Mode);
        Assert.Equal(250, report.TargetRate);
        Assert.True(report.Cancelled);
    }

    [Fact]
    public void RecordResponse_LatencyBeyondTheHistogram_IsClampedNotThrown()
    {
        var recorder = new StreamRecorder(TicksPerSecond);

        recorder.RecordResponse(Answer("v", 1), latencyTicks: 3_600_000_000, receivedTicks: 1, measured: true);
        recorder.RecordResponse(Answer("v", 1), latencyTicks: 0, receivedTicks: 2, measured: true);

        Assert.Equal(2, recorder.Latency.TotalCount);
    }

    [Fact]
    public void NameOf_UsesTheStatusCodeName_OrItsNumber()
    {
        Assert.Equal("ResourceExhausted", LoadTestReport.NameOf(StatusCode.ResourceExhausted));
        Assert.Equal("Code42", LoadTestReport.NameOf((StatusCode)42));
    }

    private static Recommendation Answer(string modelVersion, int batchSize) => new() { ModelVersion = modelVersion, BatchSize = batchSize };
}
