using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using Grpc.Core;
using Xunit;

namespace ActorRec.Server.Tests.Training;

/// <summary>The retraining RPCs of ModelAdmin answer with the status a client can act on.</summary>
[Collection(ServerCollection.Name)]
public sealed class TrainingAdminTests(ServerFixture server)
{
    [Fact]
    public async Task On_a_cluster_where_no_silo_allows_training_the_retraining_calls_fail_with_FAILED_PRECONDITION_naming_the_setting()
    {
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var admin = new ModelAdmin.ModelAdminClient(server.Channel);

        var trigger = await Assert.ThrowsAsync<RpcException>(() => admin.TriggerRetrainAsync(new TriggerRetrainRequest { Force = true }, cancellationToken: ct).ResponseAsync);
        var list = await Assert.ThrowsAsync<RpcException>(() => admin.ListTrainingDecisionsAsync(new ListTrainingDecisionsRequest(), cancellationToken: ct).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, trigger.StatusCode);
        Assert.Contains("Training:Enabled", trigger.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, list.StatusCode);
    }

    [Fact]
    public async Task A_negative_limit_is_INVALID_ARGUMENT()
    {
        server.RequireServer();
        var admin = new ModelAdmin.ModelAdminClient(server.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            admin.ListTrainingDecisionsAsync(new ListTrainingDecisionsRequest { Limit = -1 }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("limit", error.Status.Detail, StringComparison.Ordinal);
    }
}
