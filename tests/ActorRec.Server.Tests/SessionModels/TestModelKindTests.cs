using ActorRec.Contracts.V1;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Evaluation;
using ActorRec.Models.Sessions;
using ActorRec.Server.Tests.Fixtures;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Server.Tests.SessionModels;

/// <summary>
/// A model kind defined here, against the seam alone, is stored, served and evaluated by the unchanged server and
/// evaluator: what serving needs of a model is the seam, not GRU4Rec.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TestModelKindTests(ServerFixture server)
{
    private const int Sessions = 200;

    private const int Dimensions = 16;

    [Fact]
    public async Task A_model_kind_registered_by_a_test_is_saved_served_click_by_click_and_evaluated_offline_like_a_built_in_one()
    {
        server.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        SessionModelKinds.Register(new LastItemModelKind());
        var train = server.Data.Train;
        using var model = LastItemModel.Create(train.Vocabulary, Dimensions, seed: 17);
        model.ContinueTraining(train, new ContinuedTraining(Epochs: 1), cancellationToken: ct);
        var checkpoint = Path.Combine(server.StoreDirectory, $"{LastItemModel.KindName}-{Guid.NewGuid():N}");
        var data = new DataInfo(server.Data.Fingerprint(), "yoochoose-100k", train.EventCount, train.SessionCount, 0, 0);
        var version = Checkpoint.Save(checkpoint, model, data, [], new Dictionary<string, double>(), null).VersionId;
        var admin = new ModelAdmin.ModelAdminClient(server.Channel);

        try
        {
            // The checkpoint reads back as the test's kind, with the same scores.
            var (loaded, manifest) = Checkpoint.Load(checkpoint);
            using (loaded)
            {
                Assert.Equal(LastItemModel.KindName, manifest.ModelKind);
                Assert.IsType<LastItemModel>(loaded);
                using var scope = NewDisposeScope();
                var items = tensor(new long[] { 0, 1, train.ItemCount - 1 });
                var expected = model.ScoreAll(model.Advance(model.InitialHidden(3), items));
                var actual = loaded.ScoreAll(loaded.Advance(loaded.InitialHidden(3), items));
                Assert.True(expected.eq(actual).all().item<bool>(), "the reloaded model scores differently");
            }

            var activated = await admin.ActivateModelAsync(new ActivateModelRequest { VersionId = version }, cancellationToken: ct);
            Assert.Equal(LastItemModel.KindName, activated.ModelKind);
            await server.WaitUntilActiveAsync(version, ct);

            // Served click by click exactly as offline, where the offline evaluator's HitRate and MRR are also checked.
            var test = StreamingParity.FirstSessions(server.Data.Test, Sessions);
            await StreamingParity.AssertServedEqualsOfflineAsync(server.Channel, model, version, test);

            // Log popularity plus a bonus for the last item is a weak recommender, but not a random one.
            var report = new Evaluator(new EvaluationOptions { Cutoffs = [StreamingParity.K] }).Evaluate(model, test, ct).At(StreamingParity.K);
            Assert.InRange(report.Recall, 0.05, 1.0);
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
