using ActorRec.Grains.ClickLog;
using Microsoft.Extensions.Options;

namespace ActorRec.Server.Hosting;

/// <summary>
/// Opens the click log before the silo starts (registered ahead of it), so that a folder another process holds or a
/// corrupt segment fails the start instead of the first click, and says which log is in use.
/// </summary>
internal sealed partial class ClickLogStartup(IClickLog log, IOptions<ClickLogOptions> options, ILogger<ClickLogStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        switch (log)
        {
            case FileClickLog file:
                LogFileLog(logger, file.Directory, options.Value.FlushInterval.TotalMilliseconds);
                break;
            case RedisStreamClickLog redis:
                LogRedisLog(logger, redis.StreamKey, options.Value.MaxLength);
                break;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted clicks are logged to segment files in {Directory}, forced to disk at least every {FlushIntervalMilliseconds} ms")]
    private static partial void LogFileLog(ILogger logger, string directory, double flushIntervalMilliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted clicks are logged to the Redis stream {StreamKey}, trimmed to about {MaxLength} entries")]
    private static partial void LogRedisLog(ILogger logger, string streamKey, long maxLength);
}
