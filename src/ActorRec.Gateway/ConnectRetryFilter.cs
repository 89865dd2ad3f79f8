using Microsoft.Extensions.Options;

namespace ActorRec.Gateway;

/// <summary>Retries connecting to the cluster for as long as the gateway runs, after a delay, saying why each time.</summary>
internal sealed partial class ConnectRetryFilter(IOptions<GatewayClusterOptions> options, ILogger<ConnectRetryFilter> logger) : IClientConnectionRetryFilter
{
    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var delay = options.Value.ConnectRetryDelay;
        LogRetry(logger, exception.Message, delay);
        await Task.Delay(delay, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No silo of the cluster reachable yet ({Reason}); retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, string reason, TimeSpan delay);
}
