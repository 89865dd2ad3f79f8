using ActorRec.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorRec.Grains.Training;

/// <summary>
/// Runs on every silo that allows training and asks the trainer to look at the click log once per
/// <see cref="TrainingOptions.CheckInterval"/>. The trainer decides whether to start a run; the calls also keep it
/// activated, and bring it back on a surviving training silo after its silo left the cluster.
/// </summary>
internal sealed partial class TrainingScheduler(
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    IOptions<TrainingOptions> options,
    ILogger<TrainingScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Before the host has started, the silo may not accept grain calls yet.
        using (var startedOrStopping = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStarted, stoppingToken))
        {
            await Task.Delay(Timeout.Infinite, startedOrStopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        using var timer = new PeriodicTimer(options.Value.CheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await grains.GetGrain<ITrainerGrain>(0).CheckAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogCheckFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The trainer's scheduled check failed; retrying at the next interval")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
