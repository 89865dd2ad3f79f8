using System.Net;
using System.Net.Sockets;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Data;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Tests.Data;
using ActorRec.Models.Training;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace ActorRec.Server.Tests;

/// <summary>
/// One ActorRec server (silo + gRPC) for the test collection, serving a GRU4Rec model trained for the purpose on
/// the real yoochoose-100k sample, with its own model store and free silo ports.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly string _store = Directory.CreateTempSubdirectory("actorrec-store-").FullName;
    private WebApplicationFactory<Program>? _factory;

    public PreparedData Data { get; private set; } = null!;

    public Gru4RecModel Model { get; private set; } = null!;

    public string VersionId { get; private set; } = "";

    public string StoreDirectory => _store;

    public GrpcChannel Channel { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        var folder = SharedData.FindDataSet("yoochoose-100k");
        if (folder is null)
        {
            return ValueTask.CompletedTask;
        }

        Data = new Preprocessor().Prepare(DataSets.Load(folder));
        Model = new Gru4RecTrainer(Gru4RecOptions.Rsc15CrossEntropy with { Epochs = 1 }).Train(Data.Train);
        var manifest = CheckpointStore.Save(Path.Combine(_store, "yoochoose"), Model, new DataInfo(Data.Fingerprint(), folder, 0, 0, 0, 0), [], new Dictionary<string, double>(), null);
        VersionId = manifest.VersionId;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ModelStore:Directory", _store);
            web.UseSetting("Cluster:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Cluster:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("ModelSync:Interval", "00:00:00.200");
        });
        Channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });
        return ValueTask.CompletedTask;
    }

    public void RequireServer()
    {
        if (_factory is null)
        {
            Assert.Skip("yoochoose-100k is not available: the server tests serve a model trained on it.");
        }
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
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
