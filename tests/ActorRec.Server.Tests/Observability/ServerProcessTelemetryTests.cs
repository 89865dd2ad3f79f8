using System.Globalization;
using System.Text.Json;
using ActorRec.Server.Tests.Fixtures;
using Xunit;

namespace ActorRec.Server.Tests.Observability;

/// <summary>The built server as a process, on real Kestrel endpoints: JSON console logs, and Kestrel's meter in /metrics.</summary>
[Collection(ServerCollection.Name)]
public sealed class ServerProcessTelemetryTests(ServerFixture fixture)
{
    [Fact(Timeout = 180_000)]
    public async Task With_json_logs_every_log_line_is_a_json_object_and_the_scrape_has_kestrel_metrics()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var metricsPort = RedisServer.FreePort().ToString(CultureInfo.InvariantCulture);
        await using var server = new ServerProcess(new Dictionary<string, string>
        {
            ["ModelStore:Directory"] = fixture.StoreDirectory,
            ["Telemetry:JsonLogs"] = "true",
            ["Logging:LogLevel:Default"] = "Information",
            ["Kestrel:Endpoints:Metrics:Url"] = $"http://127.0.0.1:{metricsPort}",
            ["Kestrel:Endpoints:Metrics:Protocols"] = "Http1",
        });
        await server.WaitUntilServingAsync(ct);

        using var handler = new SocketsHttpHandler();
        await MetricsTests.EventuallyScrapeAsync(handler, "kestrel_active_connections", ct, new Uri($"http://127.0.0.1:{metricsPort}"));

        // The inference worker logs its start (event 1) once the model is loaded, which it was before the server served.
        var lines = server.Output().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.DoesNotContain(lines, line => line.StartsWith("info:", StringComparison.Ordinal) || line.StartsWith("warn:", StringComparison.Ordinal));
        var entries = lines.Where(line => line.StartsWith('{')).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToArray();
        Assert.All(entries, entry => Assert.True(entry.TryGetProperty("LogLevel", out _) && entry.TryGetProperty("Category", out _), entry.ToString()));
        Assert.Contains(entries, entry => entry.GetProperty("Category").GetString() == "ActorRec.Grains.Inference.BatchingEngine" && entry.GetProperty("EventId").GetInt32() == 1);
    }
}
