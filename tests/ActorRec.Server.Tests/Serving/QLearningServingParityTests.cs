using ActorRec.Contracts.V1;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Reinforcement;
using ActorRec.Models.Sessions;
using ActorRec.Server.Tests.Fixtures;
using Xunit;

namespace ActorRec.Server.Tests.Serving;

/// <summary>SQN and SMORL checkpoints serve through the same path as GRU4Rec, click by click, with the same parity.</summary>
[Collection(ServerCollection.Name)]
public sealed class QLearningServingParityTests(ServerFixture server)
{
    private const int Sessions = 400;

    public static TheoryData<string, ServingHead> Models => new()
    {
        { QLearningOptions.SqnKind, ServingHead.Supervised },
        { QLearningOptions.SmorlKind, ServingHead.Q },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public async Task A_trained_checkpoint_is_served_click_by_click_exactly_as_offline(string kind, ServingHead head)
    {
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        var train = server.Data.Train;
        var options = Gru4RecOptions.QLearningGru with { Epochs = 1, Layers = [32], Embedding = 32, Seed = 11 };
        var qLearning = (kind == QLearningOptions.SqnKind ? QLearningOptions.Sqn : QLearningOptions.Smorl) with { ServingHead = head };
        using var diversity = qLearning.Objectives.Contains(QObjective.Diversity) ? ItemVectors.Aligned(server.Model, train.Vocabulary).ToTensor() : null;
        using var model = new QLearningTrainer(options, qLearning).Train(train, diversity, cancellationToken: ct);
        var data = new DataInfo(server.Data.Fingerprint(), "yoochoose-100k", 0, 0, 0, 0);
        var checkpoint = Path.Combine(server.StoreDirectory, $"{kind}-{Guid.NewGuid():N}");
        var version = Checkpoint.Save(checkpoint, model, data, [], new Dictionary<string, double>(), null).VersionId;
        var admin = new ModelAdmin.ModelAdminClient(server.Channel);

        try
        {
            var activated = await admin.ActivateModelAsync(new ActivateModelRequest { VersionId = version }, cancellationToken: ct);
            Assert.Equal(kind, activated.ModelKind);
            await server.WaitUntilActiveAsync(version, ct);

            await StreamingParity.AssertServedEqualsOfflineAsync(server.Channel, model, version, StreamingParity.FirstSessions(server.Data.Test, Sessions));
        }
        finally
        {
            await admin.ActivateModelAsync(new ActivateModelRequest { VersionId = server.VersionId }, cancellationToken: ct);
            await server.WaitUntilActiveAsync(server.VersionId, ct);

            // Other tests start servers of their own on this store, and a new cluster activates the newest version.
            Directory.Delete(checkpoint, recursive: true);
        }
    }
}
