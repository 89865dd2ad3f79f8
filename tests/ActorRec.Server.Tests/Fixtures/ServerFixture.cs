using ActorRec.Contracts.V1;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using ActorRec.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>
/// One ActorRec server (silo + gRPC) for the test collection, serving a GRU4Rec model trained for the purpose on
/// the real yoochoose-100k sample, with its own model store and free silo ports. The store also holds a second
/// version of the same model with perturbed weights, for tests that switch versions.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly string _store = Directory.CreateTempSubdirectory("actorrec-store-").FullName;
    private readonly string _clickLog = Directory.CreateTempSubdirectory("actorrec-clicklog-").FullName;
    private WebApplicationFactory<Program>? _factory;

    public PreparedData Data { get; private set; } = null!;

    public Gru4RecModel Model { get; private set; } = null!;

    /// <summary>The version of <see cref="Model"/>: the store's newest, active when the server starts.</summary>
    public string VersionId { get; private set; } = "";

    /// <summary>Another version in the store, same vocabulary, different weights; never active at start.</summary>
    public string SecondVersionId { get; private set; } = "";

    public string StoreDirectory => _store;

    /// <summary>The folder of the server's click log (the embedded default: segment files).</summary>
    public string ClickLogDirectory => _clickLog;

    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>The server's services, for looking at what the API does not show (the batching engine, options).</summary>
    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("The server did not start.");

    /// <summary>A handler into the in-memory server, for requests that no gRPC client would send (raw frames).</summary>
    public HttpMessageHandler CreateHandler() => _factory?.Server.CreateHandler() ?? throw new InvalidOperationException("The server did not start.");

    public async ValueTask InitializeAsync()
    {
        var folder = SharedData.FindDataSet("yoochoose-100k");
        if (folder is null)
        {
            return;
        }

        Data = new Preprocessor().Prepare(DataSets.Load(folder));
        Model = new Gru4RecTrainer(Gru4RecOptions.Rsc15CrossEntropy with { Epochs = 1 }).Train(Data.Train);
        var data = new DataInfo(Data.Fingerprint(), folder, 0, 0, 0, 0);

        // Saved first so that the trained model is the newest version, the one the server activates on an empty cluster.
        using (var second = Perturbed(Model, seed: 7))
        {
            SecondVersionId = Checkpoint.Save(Path.Combine(_store, "yoochoose-perturbed"), second, data, [], new Dictionary<string, double>(), null).VersionId;
        }

        VersionId = Checkpoint.Save(Path.Combine(_store, "yoochoose"), Model, data, [], new Dictionary<string, double>(), null).VersionId;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ModelStore:Directory", _store);
            web.UseSetting("ClickLog:Directory", _clickLog);
            web.UseSetting("Cluster:SiloPort", RedisServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Cluster:GatewayPort", RedisServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("ModelSync:Interval", "00:00:00.200");
            web.UseSetting("Admin:ActivateCooldown", "00:00:00");
        });
        Channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });

        // The server takes traffic before its model synchroniser has loaded a model; a test that ran first would
        // otherwise race it.
        await WaitUntilActiveAsync(VersionId, TestContext.Current.CancellationToken);
    }

    public void RequireServer()
    {
        if (_factory is null)
        {
            Assert.Skip("yoochoose-100k is not available: the server tests serve a model trained on it.");
        }
    }

    /// <summary>Waits until the registry names <paramref name="versionId"/> active, which it does only once the model is loaded.</summary>
    public Task WaitUntilActiveAsync(string versionId, CancellationToken cancellationToken)
    {
        var admin = new ModelAdmin.ModelAdminClient(Channel);
        return Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    return (await admin.GetActiveModelAsync(new GetActiveModelRequest(), cancellationToken: cancellationToken)).VersionId == versionId;
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.Unavailable)
                {
                    return false;
                }
            },
            $"model version {versionId} to become active",
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Channel?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        Model?.Dispose();
        Directory.Delete(_store, recursive: true);
        Directory.Delete(_clickLog, recursive: true);
    }

    /// <summary>A copy of <paramref name="model"/> with seeded Gaussian noise of a tenth of each weight tensor's spread added.</summary>
    private static Gru4RecModel Perturbed(Gru4RecModel model, int seed)
    {
        var copy = Gru4RecModel.Create(model.Vocabulary, model.Options, model.Device);
        var source = model.Network.state_dict();
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in copy.Network.named_parameters())
        {
            using var scope = NewDisposeScope();
            var original = source[name];
            parameter.copy_(original + (randn(original.shape, generator: generator) * original.std() * 0.1));
        }

        copy.Network.eval();
        return copy;
    }
}
