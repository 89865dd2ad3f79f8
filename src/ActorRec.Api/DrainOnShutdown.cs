using Microsoft.Extensions.Options;

namespace ActorRec.Api;

/// <summary>
/// Registered after the silo, so it stops before it: on shutdown it waits (up to the drain timeout) for the
/// clicks being processed to complete while the silo can still answer them.
/// </summary>
internal sealed partial class DrainOnShutdown(InFlightClicks clicks, IOptions<ServingOptions> options, ILogger<DrainOnShutdown> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var pending = clicks.Count;
        if (pending == 0)
        {
            return;
        }

        LogDraining(logger, pending);
        var idle = clicks.WhenIdleAsync();
        if (await Task.WhenAny(idle, Task.Delay(options.Value.DrainTimeout, cancellationToken)) != idle)
        {
            LogDrainTimedOut(logger, clicks.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: waiting for {Count} in-flight clicks")]
    private static partial void LogDraining(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutting down: {Count} clicks still in flight after the drain timeout")]
    private static partial void LogDrainTimedOut(ILogger logger, int count);
}
