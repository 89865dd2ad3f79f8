using ActorRec.Abstractions;
using ActorRec.Grains.Runtime;
using ActorRec.Models.Checkpoints;
using Microsoft.Extensions.Options;

namespace ActorRec.Grains.Serving;

/// <summary>
/// The cluster-wide record of which model version serves. Activating a version loads it on this silo before
/// the change is recorded; the other silos follow through <see cref="ModelSynchronizer"/>.
/// </summary>
/// <remarks>
/// The operator's cooldown is kept here, in the one activation of the cluster's one registry and in its stored state,
/// so that it holds however many gateways serve ModelAdmin and whichever silo holds the registry after a failure.
/// Only operator activations start and observe it: the cluster's own promotions must never wait for an operator, and an
/// operator rolling back a promotion must never wait for the trainer.
/// </remarks>
internal sealed class ModelRegistryGrain(
    [PersistentState("registry", GrainStorageNames.Registry)] IPersistentState<ModelRegistryState> state,
    ModelStore store,
    ModelHost host,
    IOptions<AdminOptions> admin,
    LimitClock clock) : Grain, IModelRegistryGrain
{
    // The store reads manifests from disk: that I/O runs on the thread pool, not on the Orleans scheduler.
    public async Task<ModelVersionInfo?> GetActiveAsync()
    {
        var active = state.State.ActiveVersion;
        if (active is null && await Task.Run(store.RecordedActive) is { } recorded)
        {
            // The registry's own record is gone but the store remembers: restore it rather than let the cluster fall
            // back to the newest version and silently undo a rollback.
            state.State.ActiveVersion = active = recorded;
            await state.WriteStateAsync();
        }

        return active is null ? null : await Task.Run(() => store.Find(active)) is { } entry ? ToInfo(entry, true) : null;
    }

    public async Task<ModelVersionInfo[]> ListAsync()
    {
        var active = state.State.ActiveVersion;
        var entries = await Task.Run(store.List);
        return [.. entries.Select(e => ToInfo(e, e.Manifest.VersionId == active))];
    }

    public async Task<ModelVersionInfo> ActivateAsync(string versionId)
    {
        var now = clock.UtcNow;
        OperatorCooldown.ThrowIfCooling("ActivateModel", nameof(AdminOptions.ActivateCooldown), admin.Value.ActivateCooldown, state.State.LastOperatorActivationAt, now);
        return await ActivateCoreAsync(versionId, operatorAt: now);
    }

    public Task<ModelVersionInfo> PromoteAsync(string versionId) => ActivateCoreAsync(versionId, operatorAt: null);

    /// <param name="versionId">The version to serve.</param>
    /// <param name="operatorAt">When an operator asked for it, recorded with the change; null for the cluster's own activations.</param>
    private async Task<ModelVersionInfo> ActivateCoreAsync(string versionId, DateTimeOffset? operatorAt)
    {
        var entry = await Task.Run(() => store.Find(versionId)) ?? throw new UnknownModelVersionException($"Model version '{versionId}' is not in the model store.");
        await host.ActivateAsync(versionId);
        await Task.Run(() => store.RecordActive(versionId));
        state.State.ActiveVersion = versionId;
        if (operatorAt is not null)
        {
            // Only an activation that happened starts the cooldown: a refused or failed one costs the operator nothing.
            state.State.LastOperatorActivationAt = operatorAt;
        }

        await state.WriteStateAsync();
        return ToInfo(entry, true);
    }

    private static ModelVersionInfo ToInfo(ModelStoreEntry entry, bool active)
    {
        var manifest = entry.Manifest;
        return new ModelVersionInfo(
            manifest.VersionId,
            manifest.ModelKind,
            manifest.CreatedAt,
            manifest.Vocabulary.Count,
            active,
            new Dictionary<string, double>(manifest.Metrics),
            System.Text.Json.JsonSerializer.Serialize(manifest, Checkpoint.JsonOptions));
    }
}
