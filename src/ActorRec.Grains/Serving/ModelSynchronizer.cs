using ActorRec.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorRec.Grains.Serving;

/// <summary>
/// Keeps this silo's loaded model equal to the registry's active version: the silo that handles an activation
/// swaps at once, the others within one interval. On an empty cluster it activates the newest stored model.
/// </summary>
public sealed partial class ModelSynchronizer(
    IGrainFactory grains,
    ModelStore store,
    ModelHost host,
    IOptions<ModelSyncOptions> options,
    ILogger<ModelSynchronizer> logger) : BackgroundService
{
    private bool _reportedEmptyStore;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        do
        {
            try
            {
                await SynchronizeAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSyncFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One synchronisation pass; also called directly so a silo serves as soon as it starts.</summary>
    public async Task SynchronizeAsync()
    {
        var registry = grains.GetGrain<IModelRegistryGrain>(0);
        var active = await registry.GetActiveAsync();
        if (active is null)
        {
            if (!options.Value.ActivateNewestWhenNone)
            {
                return;
            }

            var newest = store.Newest();
            if (newest is null)
            {
                if (!_reportedEmptyStore)
                {
                    _reportedEmptyStore = true;
                    LogEmptyStore(logger, store.Directory);
                }

                return;
            }

            active = await registry.PromoteAsync(newest.Manifest.VersionId);
        }

        if (host.Current?.VersionId != active.VersionId)
        {
            await host.ActivateAsync(active.VersionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model store {Directory} holds no model. Train one into it: actorrec train --data <data> --out {Directory}/<name>")]
    private static partial void LogEmptyStore(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model synchronisation failed; retrying")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
