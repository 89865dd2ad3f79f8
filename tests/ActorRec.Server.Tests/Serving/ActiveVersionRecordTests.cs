using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Server.Tests.Serving;

/// <summary>
/// The active version outlives the registry's own record: a cluster that lost it (memory-only storage restarted, a
/// flushed or expired Redis key) comes back on the version that was active, not on the newest, so a rollback stays.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ActiveVersionRecordTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_rollback_survives_a_restart_that_loses_the_registry()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        using var store = new TempFolder();
        CheckpointCopies.CopyAll(fixture.StoreDirectory, store.Path);

        string newest, rolledBack;
        await using (var first = new ServerUnderTest(store.Path))
        {
            newest = await first.WaitUntilServingAsync(ct);
            rolledBack = new[] { fixture.VersionId, fixture.SecondVersionId }.First(v => v != newest);
            await first.Admin.ActivateModelAsync(new ActivateModelRequest { VersionId = rolledBack }, cancellationToken: ct);
        }

        // Memory-only registry: the new process starts with no record of the active version at all.
        await using var second = new ServerUnderTest(store.Path);

        Assert.Equal(rolledBack, await second.WaitUntilServingAsync(ct));
        var active = await second.Admin.GetActiveModelAsync(new GetActiveModelRequest(), cancellationToken: ct);
        Assert.Equal(rolledBack, active.VersionId);
    }
}
