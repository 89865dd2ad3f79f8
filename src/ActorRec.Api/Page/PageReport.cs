using Microsoft.Extensions.Configuration;

namespace ActorRec.Api.Page;

/// <summary>Says once started whether the live page is served, why, and at which addresses a browser can open it.</summary>
internal sealed partial class PageReport(PageDecision decision, IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<PageReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Report()
    {
        if (!decision.Enabled)
        {
            LogOff(logger, decision.Reason);
            return;
        }

        // Browsers speak HTTP/1.1 (or HTTP/2 over TLS) only; the gRPC endpoints are cleartext HTTP/2.
        var browsable = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Where(e => e["Protocols"]?.Contains("Http1", StringComparison.OrdinalIgnoreCase) == true && e["Url"] is not null)
            .Select(e => e["Url"]!.TrimEnd('/') + "/")
            .ToList();
        if (browsable.Count == 0)
        {
            LogNoHttp1(logger, decision.Reason);
            return;
        }

        LogOn(logger, string.Join(", ", browsable), decision.Reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Live page at {Addresses} ({Reason}); Page:Enabled=false turns it off")]
    private static partial void LogOn(ILogger logger, string addresses, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live page not served: {Reason}")]
    private static partial void LogOff(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live page enabled ({Reason}) but no endpoint speaks HTTP/1.1, which browsers need: add one (Kestrel:Endpoints:<name>:Url and :Protocols=Http1)")]
    private static partial void LogNoHttp1(ILogger logger, string reason);
}
